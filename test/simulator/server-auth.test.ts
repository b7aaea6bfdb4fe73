// Token endpoint, bearer and version checks, the token quota and the rate limit, over real HTTP.
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { admin, get, headers, NOW, token, VERSION } from './http-helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, orgs: 3, days: 20, now: NOW, tokenQuota: { perHour: 4, perDay: 6 } });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.setTokenQuota({ perHour: 4, perDay: 6 });
  sim.resetRateLimit();
  sim.clearFaults();
});

function tokenRequest(body: Record<string, unknown>, form = false): Promise<Response> {
  return fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
}

const good = {
  client_id: 'simulator',
  client_secret: 'simulator',
  audience: 'simulator',
  grant_type: 'client_credentials',
};

describe('token endpoint', () => {
  it('issues a bearer token with expires_in and the quota header', async () => {
    const res = await tokenRequest(good);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), expires_in: 86400, token_type: 'Bearer' });
    expect(res.headers.get('auth0-client-quota-limit')).toBe('b=per_hour;q=4;r=3;t=3600,b=per_day;q=6;r=5;t=86400');
  });

  it('accepts form encoding too', async () => {
    const res = await tokenRequest(good, true);
    expect(res.status).toBe(200);
  });

  it('answers 401 for a wrong secret or client, 403 for a wrong audience, 400 for another grant', async () => {
    const secret = await tokenRequest({ ...good, client_secret: 'nope' });
    expect(secret.status).toBe(401);
    expect(await secret.json()).toEqual({ error: 'access_denied', error_description: 'Unauthorized' });
    expect((await tokenRequest({ ...good, client_id: 'other' })).status).toBe(401);
    const aud = await tokenRequest({ ...good, audience: 'api.getpliant.com/api/integration' });
    expect(aud.status).toBe(403);
    expect(((await aud.json()) as { error: string }).error).toBe('access_denied');
    expect((await tokenRequest({ ...good, grant_type: 'password' })).status).toBe(400);
    expect((await tokenRequest({ ...good, grant_type: undefined })).status).toBe(400);
  });

  it('answers 429 with the contract body past the quota, and counts down in the header', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await tokenRequest(good);
      expect(res.status).toBe(200);
      remaining.push(/r=(\d+)/.exec(res.headers.get('auth0-client-quota-limit') ?? '')![1]!);
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    const over = await tokenRequest(good);
    expect(over.status).toBe(429);
    expect(await over.json()).toEqual({ error: 'too_many_requests', error_description: 'Client quota exceeded' });
    expect(over.headers.get('auth0-client-quota-limit')).toMatch(/^b=per_hour;q=4;r=0;t=\d+,b=per_day;q=6;r=2;t=\d+$/);
  });
});

describe('API access', () => {
  it('needs a valid bearer token: 401 without, with a wrong one, and after expiry', async () => {
    const tok = await token(sim);
    const path = `${sim.apiUrl}/organizations`;
    expect((await fetch(path, { headers: { 'pliant-api-version': VERSION } })).status).toBe(401);
    const wrong = await fetch(path, { headers: { authorization: 'Bearer abc', 'pliant-api-version': VERSION } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ code: 'UNAUTHORIZED', message: 'invalid token' });
    expect((await get(sim, tok, '/organizations')).status).toBe(200);
    expect(sim.expireTokens()).toBeGreaterThan(0);
    const expired = await get(sim, tok, '/organizations');
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toBe('token expired');
  });

  it('lets tokens expire after expires_in', async () => {
    const short = await startSimulator({ seed: 11, orgs: 1, days: 3, now: NOW, tokenTtlSeconds: 1 });
    try {
      const tok = await token(short);
      expect((await get(short, tok, '/organizations')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await get(short, tok, '/organizations')).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it('requires Pliant-API-Version 2.1.0', async () => {
    const tok = await token(sim);
    const missing = await fetch(`${sim.apiUrl}/organizations`, { headers: { authorization: `Bearer ${tok}` } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('API_VERSION_NOT_SUPPORTED');
    const old = await fetch(`${sim.apiUrl}/organizations`, {
      headers: { ...headers(tok), 'pliant-api-version': '1.0.0' },
    });
    expect(old.status).toBe(400);
    expect(((await old.json()) as { code: string }).code).toBe('API_VERSION_NOT_SUPPORTED');
  });
});

describe('rate limit', () => {
  it('answers 429 with the exact body and no Retry-After once the window is full, then recovers', async () => {
    const tok = await token(sim);
    sim.setRateLimit({ requests: 5, windowSeconds: 1 });
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 7; i++) {
      const res = await get(sim, tok, '/organizations');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await limited!.text()).toBe('{"error": "Sending more than 5 requests in 1 second is not allowed"}');
    expect(limited!.headers.get('retry-after')).toBeNull();
    await new Promise((r) => setTimeout(r, 1050));
    expect((await get(sim, tok, '/organizations')).status).toBe(200);
  });

  it('words the default limit as the contract does', async () => {
    const tok = await token(sim);
    await admin(sim, 'PUT', '/rate-limit', { requests: 900, windowSeconds: 300 });
    await admin(sim, 'PUT', '/rate-limit', { requests: 1, windowSeconds: 300 });
    await (await get(sim, tok, '/organizations')).arrayBuffer();
    const res = await get(sim, tok, '/organizations');
    expect(res.status).toBe(429);
    expect(await res.text()).toBe('{"error": "Sending more than 1 requests in 5 minutes is not allowed"}');
    const stats = (await admin(sim, 'GET', '/stats')) as { rateLimited: number };
    expect(stats.rateLimited).toBeGreaterThan(0);
    sim.setRateLimit({ requests: 900, windowSeconds: 300 });
  });
});
