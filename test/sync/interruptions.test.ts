import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths.js';
import { startSimulator } from '../../src/simulator/index.js';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/db.js';
import { compareMirror } from '../helpers/mirror-compare.js';
import { readTruth, type Truth } from '../helpers/sim-truth.js';
import { SIM_NOW, syncOnce, type Simulator } from '../helpers/sync-harness.js';

let sim: Simulator;
let truth: Truth;
const dbs: TestDatabase[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 23, orgs: 3, days: 45, now: SIM_NOW });
  truth = await readTruth(sim.apiUrl, sim.tokenUrl);
});
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sim.close();
  await Promise.all(dbs.map((d) => d.drop()));
});

async function freshDb(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: true });
  dbs.push(db);
  return db;
}

function cli(args: string[], databaseUrl: string, extra: Record<string, string> = {}): ChildProcess & { done: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'pliant-sync.js'), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: databaseUrl,
      PLIANT_ENV: 'simulator',
      PLIANT_API_URL: sim.apiUrl,
      PLIANT_AUTH_URL: sim.tokenUrl,
      SYNC_PAGE_SIZE: '100',
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return Object.assign(child, { done, output: () => output });
}

async function committedPages(databaseUrl: string): Promise<number> {
  return withClient(databaseUrl, async (c) => (await c.query('SELECT coalesce(sum(pages), 0)::int AS n FROM sync_run_streams')).rows[0].n);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const entryCount = () => [...truth.entries.values()].flat().length;

describe('interrupted syncs', () => {
  it.each([1, 4, 11, 17])('a sync killed (SIGKILL) after %i committed pages resumes with nothing missing and nothing twice', async (pages) => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
    const child = cli(['sync'], db.url);
    await waitFor(async () => (await committedPages(db.url)) >= pages);
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
      const inserted = await c.query(`SELECT sum(rows_inserted)::int AS n FROM sync_run_streams WHERE stream = 'account-entries'`);
      expect(inserted.rows[0].n).toBe(entryCount());
      const runs = await c.query(`SELECT status, error FROM sync_runs ORDER BY id`);
      expect(runs.rows[0]).toEqual({ status: 'failed', error: expect.stringContaining('interrupted') });
      expect(runs.rows[1]).toEqual({ status: 'succeeded', error: null });
    });
  });

  it('the worker catches up on start, and SIGTERM finishes the current page, commits and exits 0', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
    // A schedule far away: only the catch-up run can start.
    const worker = cli(['worker'], db.url, { SYNC_CRON: '0 4 1 1 *' });
    await waitFor(async () => (await committedPages(db.url)) >= 3);
    worker.kill('SIGTERM');
    expect(await worker.done).toBe(0);
    sim.clearFaults();
    expect(worker.output()).toContain('Catching up');
    await withClient(db.url, async (c) => {
      const run = await c.query(`SELECT status, error, pages FROM sync_runs`);
      expect(run.rows).toHaveLength(1);
      expect(run.rows[0].status).toBe('failed');
      expect(run.rows[0].error).toContain('stopped on request');
      // The statistics agree with the mirror: every committed page's rows are there.
      const rows = await c.query(`SELECT (SELECT sum(rows_inserted) FROM sync_run_streams)::int AS stats,
        ((SELECT count(*) FROM organizations) + (SELECT count(*) FROM cardholders) + (SELECT count(*) FROM cards)
         + (SELECT count(*) FROM account_entries) + (SELECT count(*) FROM transactions) + (SELECT count(*) FROM bill_payments))::int AS mirror`);
      expect(rows.rows[0].stats).toBe(rows.rows[0].mirror);
    });
    // Started again, it catches up (no run succeeded yet) and completes the mirror.
    const again = cli(['worker'], db.url, { SYNC_CRON: '0 4 1 1 *' });
    await waitFor(async () => withClient(db.url, async (c) => (await c.query(`SELECT 1 FROM sync_runs WHERE status = 'succeeded'`)).rows.length > 0));
    again.kill('SIGTERM');
    expect(await again.done).toBe(0);
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });

  it('two syncs at once: the second exits 3 and names who holds the lock', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 25, every: 1 }]);
    const first = cli(['sync'], db.url);
    await waitFor(async () => (await committedPages(db.url)) >= 1);
    const second = cli(['sync'], db.url);
    expect(await second.done).toBe(3);
    expect(second.output()).toMatch(/Another run holds the sync lock: pliant-sync sync on \S+ pid \d+.*since \d{4}-\d{2}-\d{2}T/);
    const backfill = cli(['backfill', '--from', '2026-05-01', '--to', '2026-05-31'], db.url);
    expect(await backfill.done).toBe(3);
    sim.clearFaults();
    expect(await first.done).toBe(0);
  });
});
