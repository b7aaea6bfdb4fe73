import { PliantClient } from '../../src/pliant/client.js';
import { startSimulator } from '../../src/simulator/index.js';
import { testDatabases, withClient } from '../helpers/db.js';
import { quietLogger } from '../helpers/logs.js';
import { compareMirror } from '../helpers/mirror-compare.js';
import { readTruth } from '../helpers/sim-truth.js';
import { SIM_NOW, syncOnce, testClient, type Simulator } from '../helpers/sync-harness.js';

let sim: Simulator;
const databases = testDatabases();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11, orgs: 3, days: 40, now: SIM_NOW });
});
afterAll(async () => {
  await sim.close();
});

describe('a sync under faults', () => {
  it.each([
    [
      '429 storms',
      [
        { kind: 'storm' as const, every: 3 },
        { kind: 'storm' as const, retryAfter: 1, count: 2, skip: 10 },
      ],
    ],
    [
      '5xx bursts',
      [
        { kind: 'status' as const, status: 503, every: 4 },
        { kind: 'status' as const, status: 500, count: 3, skip: 5 },
        { kind: 'status' as const, status: 502, every: 9 },
      ],
    ],
    ['connection resets', [{ kind: 'reset' as const, every: 5 }]],
    ['malformed JSON', [{ kind: 'malformed' as const, every: 6 }]],
    [
      'rows booked while paging',
      [{ kind: 'insertRows' as const, endpoint: 'account-entries', page: 0, rows: 25, count: 2 }],
    ],
    [
      'all at once',
      [
        { kind: 'storm' as const, every: 7 },
        { kind: 'status' as const, status: 503, every: 5 },
        { kind: 'reset' as const, every: 11 },
        { kind: 'slow' as const, delayMs: 20, every: 3 },
      ],
    ],
  ])('ends with the exact data set under %s', async (_name, faults) => {
    const db = await databases.fresh();
    sim.setFaults(faults);
    const client = testClient(sim, { maxAttempts: 10 });
    const result = await syncOnce(sim, db.url, { client, pageSize: 200 });
    sim.clearFaults();
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    if (!faults.some((f) => f.kind === 'insertRows')) expect(result.totals.retries).toBeGreaterThan(0);
    const truth = await readTruth(sim.apiUrl, sim.tokenUrl);
    // Rows booked mid-run move the organizations' available limit after that stream ran: the
    // organization rows are a snapshot of the run's start, every booked row is in already.
    const differences = await withClient(db.url, (c) => compareMirror(c, truth));
    expect(differences.filter((d) => !d.startsWith('organizations:'))).toEqual([]);
    await syncOnce(sim, db.url, { client });
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });
});

describe('pacing under the real rate limit', () => {
  it('keeps under the API limit, so the API never answers 429, and still mirrors everything', async () => {
    const paced = await startSimulator({
      port: 0,
      seed: 11,
      orgs: 2,
      days: 30,
      now: SIM_NOW,
      rateLimit: { requests: 12, windowSeconds: 2 },
    });
    try {
      const db = await databases.fresh();
      const client = new PliantClient({
        apiUrl: paced.apiUrl,
        authUrl: paced.tokenUrl,
        audience: 'simulator',
        clientId: 'simulator',
        clientSecret: 'simulator',
        rateLimit: { requests: 12, perSeconds: 2 },
        logger: quietLogger(),
      });
      const started = Date.now();
      const result = await syncOnce(paced, db.url, { client, pageSize: 100 });
      expect(result.status).toBe('succeeded');
      expect(result.totals.requests).toBeGreaterThan(24);
      // More requests than two windows allow took at least that long, and none was refused.
      expect(Date.now() - started).toBeGreaterThanOrEqual(2000 * Math.floor((result.totals.requests - 1) / 12));
      expect(result.totals.retries).toBe(0);
      const statuses = Object.values(paced.stats().routes).flatMap((r) => Object.keys(r.statuses));
      expect(statuses).not.toContain('429');
      paced.setRateLimit({ requests: 100_000, windowSeconds: 1 });
      const truth = await readTruth(paced.apiUrl, paced.tokenUrl);
      await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
    } finally {
      await paced.close();
    }
  }, 60_000);
});
