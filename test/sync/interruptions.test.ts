import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../../src/simulator/index.js';
import { freePort, killLiveClis, spawnCli, waitUntil, type LiveCli } from '../helpers/cli.js';
import { testDatabases, withClient, type TestDatabase } from '../helpers/db.js';
import { compareMirror } from '../helpers/mirror-compare.js';
import { readTruth, type Truth } from '../helpers/sim-truth.js';
import { SIM_NOW, syncOnce, type Simulator } from '../helpers/sync-harness.js';
import { describeOnServer } from '../helpers/target.js';

const SERVER_ONLY = 'several processes on one database, killed mid-run';

let sim: Simulator;
let truth: Truth;
let callbackPort: number;
const databases = testDatabases();

beforeAll(async () => {
  // The CLI's runs include receipts: a request per transaction and per file, beyond Pliant's 900 per 5 minutes.
  sim = await startSimulator({
    port: 0,
    seed: 23,
    orgs: 3,
    days: 45,
    now: SIM_NOW,
    rateLimit: { requests: 100_000, windowSeconds: 300 },
  });
  truth = await readTruth(sim.apiUrl, sim.tokenUrl);
  callbackPort = await freePort();
});
const receiptsDir = mkdtempSync(join(tmpdir(), 'pliant-receipts-'));
afterAll(async () => {
  killLiveClis();
  await sim.close();
  rmSync(receiptsDir, { recursive: true, force: true });
});

const freshDb = (): Promise<TestDatabase> => databases.fresh();

function cli(args: string[], databaseUrl: string, extra: Record<string, string> = {}): LiveCli {
  return spawnCli(args, {
    DATABASE_URL: databaseUrl,
    PLIANT_ENV: 'simulator',
    PLIANT_API_URL: sim.apiUrl,
    PLIANT_AUTH_URL: sim.tokenUrl,
    SYNC_PAGE_SIZE: '100',
    PLIANT_RATE_LIMIT: '100000/300',
    RECEIPTS_DIR: receiptsDir,
    CALLBACK_PORT: String(callbackPort),
    LOG_LEVEL: 'info',
    ...extra,
  });
}

async function committedPages(databaseUrl: string): Promise<number> {
  return withClient(
    databaseUrl,
    async (c) => (await c.query('SELECT coalesce(sum(pages), 0)::int AS n FROM sync_run_streams')).rows[0].n,
  );
}

const entryCount = () => [...truth.entries.values()].flat().length;

describeOnServer(SERVER_ONLY)('interrupted syncs', () => {
  it.each([1, 4, 11, 17])(
    'a sync killed (SIGKILL) after %i committed pages resumes with nothing missing and nothing twice',
    async (pages) => {
      const db = await freshDb();
      sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
      const child = cli(['sync'], db.url);
      await waitUntil(async () => (await committedPages(db.url)) >= pages);
      child.kill('SIGKILL');
      expect(await child.done).toBeNull();
      sim.clearFaults();
      const killedAt = await committedPages(db.url);
      expect(killedAt).toBeGreaterThanOrEqual(pages);

      const resumed = await syncOnce(sim, db.url);
      expect(resumed.status).toBe('succeeded');
      await withClient(db.url, async (c) => {
        expect(await compareMirror(c, truth)).toEqual([]);
        // Each entry was inserted exactly once over both runs: pages, rows and statistics were committed together.
        const inserted = await c.query(
          `SELECT sum(rows_inserted)::int AS n FROM sync_run_streams WHERE stream = 'account-entries'`,
        );
        expect(inserted.rows[0].n).toBe(entryCount());
        const runs = await c.query(`SELECT status, error FROM sync_runs ORDER BY id`);
        expect(runs.rows[0]).toEqual({ status: 'failed', error: expect.stringContaining('interrupted') });
        expect(runs.rows[1]).toEqual({ status: 'succeeded', error: null });
      });
    },
  );

  it('the worker catches up on start, and SIGTERM finishes the current page, commits and exits 0', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
    // A schedule far away: only the catch-up run can start.
    const worker = cli(['worker'], db.url, { SYNC_CRON: '0 4 1 1 *' });
    await waitUntil(async () => (await committedPages(db.url)) >= 3);
    worker.kill('SIGTERM');
    expect(await worker.done).toBe(0);
    sim.clearFaults();
    expect(worker.output()).toContain('Catching up');
    await withClient(db.url, async (c) => {
      const run = await c.query(`SELECT status, error, pages FROM sync_runs`);
      expect(run.rows).toHaveLength(1);
      expect(run.rows[0].status).toBe('stopped');
      expect(run.rows[0].error).toContain('stopped on request');
      // The statistics agree with the mirror: every committed page's rows are there.
      const rows = await c.query(`SELECT (SELECT sum(rows_inserted) FROM sync_run_streams)::int AS stats,
        ((SELECT count(*) FROM organizations) + (SELECT count(*) FROM cardholders) + (SELECT count(*) FROM cards)
         + (SELECT count(*) FROM account_entries) + (SELECT count(*) FROM transactions) + (SELECT count(*) FROM bill_payments))::int AS mirror`);
      expect(rows.rows[0].stats).toBe(rows.rows[0].mirror);
    });
    // Started again, it catches up (no run succeeded yet) and completes the mirror.
    const again = cli(['worker'], db.url, { SYNC_CRON: '0 4 1 1 *' });
    await waitUntil(async () =>
      withClient(
        db.url,
        async (c) => (await c.query(`SELECT 1 FROM sync_runs WHERE status = 'succeeded'`)).rows.length > 0,
      ),
    );
    again.kill('SIGTERM');
    expect(await again.done).toBe(0);
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });

  it('sync --org and --stream take lists, and --json prints the run', async () => {
    const db = await freshDb();
    const [first, second] = truth.organizations.map((o) => String(o.organizationId));
    const run = cli(['sync', '--org', `${first},${second}`, '--stream', 'organizations', 'cards', '--json'], db.url);
    expect(await run.done).toBe(0);
    const result = JSON.parse(run.output().slice(run.output().indexOf('{\n')));
    expect(result.status).toBe('succeeded');
    expect(
      result.streams.map((s: { stream: string; organizationId: string }) => `${s.stream} ${s.organizationId}`).sort(),
    ).toEqual([`cards ${first}`, `cards ${second}`, 'organizations *'].sort());
  });

  it('two syncs at once: the second exits 3 and names who holds the lock', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
    const first = cli(['sync'], db.url);
    await waitUntil(async () => (await committedPages(db.url)) >= 1);
    const second = cli(['sync'], db.url);
    expect(await second.done).toBe(3);
    expect(second.output()).toMatch(
      /Another run holds the sync lock: pliant-sync sync on \S+ pid \d+.*since \d{4}-\d{2}-\d{2}T/,
    );
    const backfill = cli(['backfill', '--from', '2026-05-01', '--to', '2026-05-31'], db.url);
    expect(await backfill.done).toBe(3);
    sim.clearFaults();
    expect(await first.done).toBe(0);
  });
});
