import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { PliantApiError, PliantNetworkError, PliantRateLimitError } from '../../src/pliant/index.js';
import { FakeApiServer } from '../helpers/fake-api-server.js';
import { makeClient, ORG, rejectionOf } from './support.js';

const PATH = `/api/organizations/${ORG}`;
const OK = { json: { organizationId: ORG, name: 'Ada' } };
const RATE_LIMITED = { status: 429, json: { error: 'Sending more than 900 requests in 5 minutes is not allowed' } };

let server: FakeApiServer;
beforeEach(async () => {
  server = await FakeApiServer.start();
});
afterEach(async () => {
  await server.close();
});

/** Milliseconds between consecutive recorded API requests. */
function gaps(): number[] {
  const times = server.apiRequests().map((r) => r.at);
  return times.slice(1).map((t, i) => t - (times[i] as number));
}

describe('429', () => {
  it('honours Retry-After in seconds', async () => {
    server.route('GET', PATH, [{ ...RATE_LIMITED, headers: { 'Retry-After': '1' } }, OK]);
    const { client, lines } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toMatchObject({ name: 'Ada' });
    expect(server.apiRequests()).toHaveLength(2);
    const [gap] = gaps();
    expect(gap).toBeGreaterThanOrEqual(1000);
    // The wait it chose is what Pliant asked plus at most 10 % spread (a measured upper bound would fail on a busy machine).
    const chosen = Number(/retrying in (\d+) ms/.exec(lines.join('\n'))?.[1]);
    expect(chosen).toBeGreaterThanOrEqual(1000);
    expect(chosen).toBeLessThanOrEqual(1100);
    expect(client.stats).toMatchObject({ requests: 2, retries: 1 });
  });

  it('honours Retry-After as an HTTP date', async () => {
    let first = true;
    server.route('GET', PATH, () => {
      if (!first) return OK;
      first = false;
      return { ...RATE_LIMITED, headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } };
    });
    const { client, lines } = makeClient(server);
    await client.organization(ORG);
    const [gap] = gaps();
    // HTTP dates have whole seconds: the wait is between 1 and 2 s, far above the 5xx backoff.
    expect(gap).toBeGreaterThanOrEqual(950);
    const chosen = Number(/retrying in (\d+) ms/.exec(lines.join('\n'))?.[1]);
    expect(chosen).toBeGreaterThan(0);
    expect(chosen).toBeLessThanOrEqual(2200);
  });

  it('without Retry-After waits longer than after a 5xx', async () => {
    server.route('GET', PATH, [RATE_LIMITED, { status: 503 }, OK]);
    const { client } = makeClient(server, { retry: { rateLimitDelayMs: 300, baseDelayMs: 10, maxDelayMs: 40 } });
    await client.organization(ORG);
    const [after429, after503] = gaps();
    expect(after429).toBeGreaterThanOrEqual(300);
    expect(after503).toBeLessThan(200);
    expect(after429).toBeGreaterThan(after503 as number);
  });

  it('gives up with PliantRateLimitError when the next wait would pass the total budget', async () => {
    server.route('GET', PATH, RATE_LIMITED);
    const { client } = makeClient(server, { retry: { rateLimitDelayMs: 150, maxTotalWaitMs: 400, maxAttempts: 10 } });
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantRateLimitError);
    // 150 ms (+ ≤10 % jitter) after the first, then 300 ms would pass 400 ms in total.
    expect(error).toMatchObject({ attempts: 2, retryable: true, endpoint: `/organizations/${ORG}` });
    expect((error as PliantRateLimitError).waitedMs).toBeGreaterThanOrEqual(150);
    expect((error as Error).message).toMatch(/HTTP 429 \(rate limit\) without a Retry-After header/);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the budget', async () => {
    server.route('GET', PATH, { ...RATE_LIMITED, headers: { 'Retry-After': '600' } });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantRateLimitError);
    expect(error).toMatchObject({ attempts: 1, retryAfterMs: 600_000 });
    expect((error as Error).message).toContain('asking to wait 600 s');
    expect(server.apiRequests()).toHaveLength(1);
  });
});

describe('5xx', () => {
  it('retries a burst of 500/502/503/504, then succeeds', async () => {
    server.route('GET', PATH, [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 504 }, OK]);
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toMatchObject({ organizationId: ORG });
    expect(server.apiRequests()).toHaveLength(5);
    expect(client.stats).toEqual({ requests: 5, retries: 4, tokenRequests: 1 });
  });

  it('gives up after maxAttempts with a typed, retryable error', async () => {
    server.route('GET', PATH, { status: 503, json: { code: 'SERVICE_UNAVAILABLE', message: 'maintenance' } });
    const { client } = makeClient(server, { retry: { maxAttempts: 3 } });
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantApiError);
    expect(error).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      body: 'maintenance',
      attempts: 3,
      retryable: true,
    });
    expect((error as Error).message).toMatch(/HTTP 503 SERVICE_UNAVAILABLE.*after 3 attempts.*Run again later/);
    expect(server.apiRequests()).toHaveLength(3);
  });
});

describe('network failures', () => {
  it('times out on a server that never answers, retries, then fails with PliantNetworkError', async () => {
    server.route('GET', PATH, { hang: true });
    const { client } = makeClient(server, { timeoutMs: 100, retry: { maxAttempts: 2 } });
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantNetworkError);
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      attempts: 2,
      retryable: true,
      url: `${server.apiUrl}/organizations/${ORG}`,
    });
    expect((error as Error).message).toMatch(/no answer within 100 ms/);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('recovers from a timeout', async () => {
    server.route('GET', PATH, [{ hang: true }, OK]);
    const { client } = makeClient(server, { timeoutMs: 100 });
    await expect(client.organization(ORG)).resolves.toMatchObject({ name: 'Ada' });
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('recovers from connection resets, before and during the body', async () => {
    server.route('GET', PATH, [{ destroy: true }, { ...OK, destroyMidBody: true }, OK]);
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toMatchObject({ name: 'Ada' });
    expect(server.apiRequests()).toHaveLength(3);
    expect(client.stats.retries).toBe(2);
  });

  it('fails with PliantNetworkError when the connection keeps being reset', async () => {
    server.route('GET', PATH, { destroy: true });
    const { client } = makeClient(server, { retry: { maxAttempts: 3 } });
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantNetworkError);
    expect(error).toMatchObject({ code: 'ECONNRESET', attempts: 3 });
    expect(server.apiRequests()).toHaveLength(3);
  });
});

describe('malformed JSON', () => {
  it('is retried twice (a proxy may have cut the body), then a PliantApiError naming the endpoint', async () => {
    server.route('GET', PATH, { body: '{"organizationId": "12e6', headers: { 'content-type': 'application/json' } });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantApiError);
    expect(error).toMatchObject({ status: 200, retryable: true, endpoint: `/organizations/${ORG}`, attempts: 3 });
    expect((error as Error).message).toMatch(/not valid JSON/);
    expect(server.apiRequests()).toHaveLength(3);
  });

  it('heals when the next answer is whole', async () => {
    server.route('GET', PATH, [{ body: '{"organizationId": "12e6' }, OK]);
    const { client } = makeClient(server);
    await expect(client.organization(ORG)).resolves.toMatchObject({ name: 'Ada' });
    expect(server.apiRequests()).toHaveLength(2);
  });
});

describe('final statuses', () => {
  it.each([
    [400, 'ILLEGAL_ARGUMENTS_PROVIDED', /invalid: check the parameters/],
    [403, 'NOT_ACTIVE_ORG', /outside the partner's scope/],
    [404, 'NOT_FOUND', /not found: check the id/],
    [409, 'CONFLICT', /conflict/],
  ])('%i is not retried: exactly one request and a PliantApiError', async (status, code, hint) => {
    server.route('GET', PATH, { status, json: { code, message: `the ${code} message` } });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toBeInstanceOf(PliantApiError);
    expect(error).toMatchObject({
      status,
      code,
      body: `the ${code} message`,
      retryable: false,
      endpoint: `/organizations/${ORG}`,
    });
    expect((error as Error).message).toMatch(hint);
    expect(server.apiRequests()).toHaveLength(1);
    expect(client.stats.retries).toBe(0);
  });

  it('keeps a body that is not {"code","message"} as trimmed opaque text', async () => {
    server.route('GET', PATH, { status: 400, body: '  <html>Bad Request</html>\n\n' });
    const { client } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect(error).toMatchObject({ status: 400, code: undefined, body: '<html>Bad Request</html>' });
  });
});

describe('POST /leads', () => {
  it('is never retried on a 5xx', async () => {
    server.route('POST', '/api/leads', { status: 503 });
    const { client } = makeClient(server);
    await expect(client.createLead({ name: 'Ada' })).rejects.toBeInstanceOf(PliantApiError);
    expect(server.apiRequests('/api/leads')).toHaveLength(1);
  });

  it('is never retried on a timeout', async () => {
    server.route('POST', '/api/leads', { hang: true });
    const { client } = makeClient(server, { timeoutMs: 100 });
    await expect(client.createLead({ name: 'Ada' })).rejects.toMatchObject({
      name: 'PliantNetworkError',
      code: 'ETIMEDOUT',
    });
    expect(server.apiRequests('/api/leads')).toHaveLength(1);
  });
});

describe('abort', () => {
  it("hands back the caller's reason, also while waiting to retry", async () => {
    server.route('GET', PATH, { status: 503 });
    // A wait far beyond the test's timeout: only an abort that ends the wait lets the test finish.
    const { client } = makeClient(server, {
      retry: { baseDelayMs: 600_000, maxDelayMs: 600_000, maxTotalWaitMs: 3_600_000 },
    });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);
    const error = await rejectionOf(client.organization(ORG, { signal: controller.signal }));
    expect(error).toBe(reason);
    expect(server.apiRequests()).toHaveLength(1);
  });
});
