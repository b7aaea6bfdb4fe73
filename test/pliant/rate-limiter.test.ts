import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { SlidingWindowLimiter } from '../../src/pliant/rate-limiter.js';
import { FakeApiServer } from '../helpers/fake-api-server.js';
import { makeClient, ORG, sleep } from './support.js';

const PATH = `/api/organizations/${ORG}`;

/** The most requests that fall into any window of `windowMs` (half-open). */
function maxInAnyWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const inWindow = sorted.filter((t) => t >= (sorted[i] as number) && t < (sorted[i] as number) + windowMs).length;
    max = Math.max(max, inWindow);
  }
  return max;
}

describe('client pacing', () => {
  let server: FakeApiServer;
  beforeEach(async () => {
    server = await FakeApiServer.start();
  });
  afterEach(async () => {
    await server.close();
  });

  it('keeps 12 concurrent calls under 5 requests per second, as the server counts them', async () => {
    server.route('GET', PATH, { json: { organizationId: ORG }, delayMs: 20 });
    const { client } = makeClient(server, { rateLimit: { requests: 5, perSeconds: 1 } });
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => client.organization(ORG)));
    const elapsed = Date.now() - started;

    const times = server.apiRequests().map((r) => r.at);
    expect(times).toHaveLength(12);
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(maxInAnyWindow(times, 1000)).toBe(5);
  });

  it('paces retries too', async () => {
    server.route('GET', PATH, [{ status: 503 }, { status: 503 }, { json: { organizationId: ORG } }]);
    const { client } = makeClient(server, { rateLimit: { requests: 2, perSeconds: 0.5 } });
    await client.organization(ORG);
    const times = server.apiRequests().map((r) => r.at);
    expect(times).toHaveLength(3);
    // The third attempt had to wait for the first one's window (500 ms) to pass.
    expect((times[2] as number) - (times[0] as number)).toBeGreaterThanOrEqual(500);
  });

  it('does not pace the token URL', async () => {
    server.route('GET', PATH, { json: { organizationId: ORG } });
    // One request per 10 minutes: were the token request paced too, the API request would wait past the test's timeout.
    const { client } = makeClient(server, { rateLimit: { requests: 1, perSeconds: 600 } });
    await client.organization(ORG);
    expect(server.apiRequests()).toHaveLength(1);
    expect(server.tokenRequests()).toHaveLength(1);
  });
});

describe('SlidingWindowLimiter', () => {
  it('grants at most N slots per window and counts a slot until its request finished', async () => {
    const limiter = new SlidingWindowLimiter(2, 200);
    const a = await limiter.acquire();
    await limiter.acquire();
    let third = false;
    const pending = limiter.acquire().then((slot) => {
      third = true;
      return slot;
    });
    await sleep(300);
    expect(third).toBe(false); // both slots are still in flight
    a.release();
    await sleep(100);
    expect(third).toBe(false); // a's window runs until 200 ms after it finished
    await sleep(150);
    expect(third).toBe(true);
    (await pending).release();
  });

  it('rejects a waiting acquire when its signal aborts', async () => {
    const limiter = new SlidingWindowLimiter(1, 10_000);
    const slot = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    slot.release();
  });
});
