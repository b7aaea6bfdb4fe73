import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { PliantAuthError } from '../../src/pliant/index.js';
import { FakeApiServer, QUOTA_HEADER_VALUE, TOKEN_PATH, tokenReply } from '../helpers/fake-api-server.js';
import { CLIENT_ID, CLIENT_SECRET, makeClient, ORG, rejectionOf } from './support.js';

const ORG_PATH = `/api/organizations/${ORG}`;
const organization = { organizationId: ORG, name: 'Ada Lovelace Inc.', status: 'ACTIVE' };

let server: FakeApiServer;
beforeEach(async () => {
  server = await FakeApiServer.start();
  server.route('GET', ORG_PATH, { json: organization });
});
afterEach(async () => {
  await server.close();
});

describe('access token', () => {
  it('is requested with the client-credentials JSON body and sent as a bearer with the version header', async () => {
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toEqual(organization);

    const [tokenRequest] = server.tokenRequests();
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(tokenRequest?.body ?? '')).toEqual({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      audience: 'test-audience',
      grant_type: 'client_credentials',
    });
    const [apiRequest] = server.apiRequests();
    expect(apiRequest?.headers.authorization).toBe('Bearer test-access-token-1');
    expect(apiRequest?.headers['pliant-api-version']).toBe('2.1.0');
  });

  it('is fetched once and cached for many calls', async () => {
    const { client } = makeClient(server);
    for (let i = 0; i < 5; i += 1) await client.organization(ORG);
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual(
      Array(5).fill('Bearer test-access-token-1'),
    );
    expect(client.stats).toEqual({ requests: 5, retries: 0, tokenRequests: 1 });
  });

  it('is shared by concurrent callers: one token request in flight', async () => {
    server.route('POST', TOKEN_PATH, { ...tokenReply(1), delayMs: 100 });
    const { client } = makeClient(server);
    await Promise.all(Array.from({ length: 8 }, () => client.organization(ORG)));
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(8);
  });

  it('is refreshed shortly before it expires, not after', async () => {
    let issued = 0;
    server.route('POST', TOKEN_PATH, () => tokenReply(++issued, 3600));
    let now = 1_000_000;
    const { client } = makeClient(server, { now: () => now });
    await client.organization(ORG);
    now += 3600_000 - 6 * 60_000; // 54 minutes later: still well before expiry
    await client.organization(ORG);
    expect(server.tokenRequests()).toHaveLength(1);
    now += 5 * 60_000; // 59 minutes: inside the refresh margin (10 % of the life, at most 5 minutes)
    await client.organization(ORG);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer test-access-token-1',
      'Bearer test-access-token-1',
      'Bearer test-access-token-2',
    ]);
  });

  it('logs the token quota header, parsed, at debug', async () => {
    const { client, lines } = makeClient(server);
    await client.organization(ORG);
    const quotaLines = lines.map((l) => JSON.parse(l)).filter((l) => l.quota !== undefined);
    expect(quotaLines).toHaveLength(1);
    expect(quotaLines[0]).toMatchObject({
      level: 'debug',
      status: 200,
      quota: { per_hour: { remaining: 41, quota: 42 }, per_day: { remaining: 99, quota: 100 } },
    });
    expect(quotaLines[0].message).toContain('per_hour 41/42 left, per_day 99/100 left');
  });
});

describe('401 from the API', () => {
  it('fetches one fresh token and retries the call once', async () => {
    server.route('GET', ORG_PATH, [{ status: 401, json: { code: 'UNAUTHORIZED' } }, { json: organization }]);
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toEqual(organization);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests().map((r) => r.headers.authorization)).toEqual([
      'Bearer test-access-token-1',
      'Bearer test-access-token-2',
    ]);
  });

  it('also replays POST /leads once, since a 401 is refused before any processing', async () => {
    server.route('POST', '/api/leads', [{ status: 401 }, { status: 201, json: { leadId: 'lead-1' } }]);
    const { client } = makeClient(server);
    await expect(client.createLead({ name: 'Ada' })).resolves.toEqual({ leadId: 'lead-1' });
    const bodies = server.apiRequests('/api/leads').map((r) => JSON.parse(r.body));
    expect(bodies).toEqual([{ name: 'Ada' }, { name: 'Ada' }]);
  });

  it('then fails with a clear PliantAuthError, after exactly one refresh and one retry', async () => {
    server.route('GET', ORG_PATH, { status: 401, json: { code: 'UNAUTHORIZED' } });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantAuthError);
    expect(error).toMatchObject({
      reason: 'token_rejected',
      status: 401,
      endpoint: `/organizations/${ORG}`,
      retryable: false,
    });
    expect((error as Error).message).toMatch(/even after fetching a fresh one/);
    expect(server.apiRequests()).toHaveLength(2);
    expect(server.tokenRequests()).toHaveLength(2);
  });

  it('refreshes once for many concurrent callers that all got a 401', async () => {
    let rejectFirstToken = false;
    server.route('GET', ORG_PATH, (r) =>
      rejectFirstToken && r.headers.authorization === 'Bearer test-access-token-1'
        ? { status: 401 }
        : { json: organization },
    );
    server.route('POST', TOKEN_PATH, [tokenReply(1), { ...tokenReply(2), delayMs: 50 }, tokenReply(3)]);
    const { client } = makeClient(server);
    await client.organization(ORG);
    rejectFirstToken = true;
    await Promise.all(Array.from({ length: 4 }, () => client.organization(ORG)));
    expect(server.tokenRequests()).toHaveLength(2);
    const auth = server.apiRequests().map((r) => r.headers.authorization);
    expect(auth.filter((a) => a === 'Bearer test-access-token-1')).toHaveLength(5);
    expect(auth.filter((a) => a === 'Bearer test-access-token-2')).toHaveLength(4);
  });
});

describe('token endpoint', () => {
  it('429 (quota exceeded) is a PliantAuthError naming the quota, with no retry', async () => {
    server.route('POST', TOKEN_PATH, {
      status: 429,
      json: { error: 'too_many_requests', error_description: 'Client quota exceeded' },
      headers: { 'Auth0-Client-Quota-Limit': 'b=per_hour;q=42;r=0;t=3600,b=per_day;q=100;r=57;t=86400' },
    });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantAuthError);
    expect(error).toMatchObject({ reason: 'token_quota_exceeded', status: 429, retryable: false });
    expect((error as Error).message).toContain('client quota exceeded');
    expect((error as Error).message).toContain('per_hour 0/42 left');
    expect(server.tokenRequests()).toHaveLength(1);
    expect(server.apiRequests()).toHaveLength(0);
    expect(client.stats).toMatchObject({ requests: 0, tokenRequests: 1 });
  });

  it('401 is a PliantAuthError about the credentials', async () => {
    server.route('POST', TOKEN_PATH, {
      status: 401,
      json: { error: 'access_denied', error_description: 'Unauthorized' },
    });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toMatchObject({ name: 'PliantAuthError', reason: 'bad_credentials', status: 401 });
    expect((error as Error).message).toMatch(/PLIANT_CLIENT_ID, PLIANT_CLIENT_SECRET and PLIANT_AUDIENCE/);
    expect(server.tokenRequests()).toHaveLength(1);
  });

  it('a 503 is retried briefly, then works', async () => {
    server.route('POST', TOKEN_PATH, [{ status: 503 }, tokenReply(7)]);
    const { client } = makeClient(server);
    await client.organization(ORG);
    expect(server.tokenRequests()).toHaveLength(2);
    expect(server.apiRequests()[0]?.headers.authorization).toBe('Bearer test-access-token-7');
    expect(client.stats.tokenRequests).toBe(2);
  });

  it('an answer without access_token is a PliantAuthError', async () => {
    server.route('POST', TOKEN_PATH, {
      json: { token_type: 'Bearer' },
      headers: { 'Auth0-Client-Quota-Limit': QUOTA_HEADER_VALUE },
    });
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).rejects.toMatchObject({ reason: 'invalid_token_response' });
  });
});
