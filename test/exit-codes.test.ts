/**
 * The exit code of the built `pliant-sync` binary, one test per path of the README's exit-code table:
 * a script, cron or systemd reads the outcome from it alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

import { startSimulator } from '../src/simulator/index.js';
import { freePort, killLiveClis, runCli, spawnCli, waitUntil, type LiveCli } from './helpers/cli.js';
import { testDatabases, withClient, type TestDatabase } from './helpers/db.js';
import { SIM_NOW, type Simulator } from './helpers/sync-harness.js';
import { describeOnServer } from './helpers/target.js';

const SERVER_ONLY = 'the CLI runs in processes of its own against a shared PostgreSQL database';

let sim: Simulator;
const databases = testDatabases();
const receiptsDir = mkdtempSync(join(tmpdir(), 'pliant-receipts-'));

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: 7,
    orgs: 2,
    days: 20,
    now: SIM_NOW,
    rateLimit: { requests: 100_000, windowSeconds: 300 },
  });
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  killLiveClis();
  await sim.close();
  rmSync(receiptsDir, { recursive: true, force: true });
});

const freshDb = (): Promise<TestDatabase> => databases.fresh();

function env(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PLIANT_ENV: 'simulator',
    PLIANT_API_URL: sim.apiUrl,
    PLIANT_AUTH_URL: sim.tokenUrl,
    SYNC_PAGE_SIZE: '50',
    PLIANT_RATE_LIMIT: '100000/300',
    RECEIPTS_DIR: receiptsDir,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

const sync = (databaseUrl: string, args: string[] = [], extra: Record<string, string> = {}) =>
  runCli(['sync', ...args], env(databaseUrl, extra), { timeoutMs: 60_000 });
const lastRun = (url: string) =>
  withClient(url, async (c) => (await c.query(`SELECT status, error FROM sync_runs ORDER BY id DESC LIMIT 1`)).rows[0]);

describeOnServer(SERVER_ONLY)('sync and backfill exit codes', () => {
  it('0 when the run succeeded', async () => {
    const db = await freshDb();
    const result = await sync(db.url);
    expect(result.stdout).toMatch(/^sync run 1: succeeded/m);
    expect(result.code).toBe(0);
  });

  it.each([
    ['a pipe', [] as string[]],
    ['--json', ['--json']],
  ])('1 when a contract violation fails the run (output to %s)', async (_, args) => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', page: 1, variant: 'stringAmount' }]);
    const result = await sync(db.url, args);
    expect(await lastRun(db.url)).toMatchObject({ status: 'failed' });
    expect(result.stderr).toMatch(/pliant-sync: sync run 1 ended failed: .*amount/);
    if (args.includes('--json')) expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed' });
    else expect(result.stdout).toMatch(/^sync run 1: failed/m);
    expect(result.code).toBe(1);
  });

  it('1 when the output goes to a terminal', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', page: 1, variant: 'stringAmount' }]);
    const run = await runCli(['sync'], { TERM: 'dumb', ...env(db.url) }, { terminal: true, timeoutMs: 60_000 });
    expect(run.stdout).toMatch(/sync run 1 ended failed/);
    expect(run.code).toBe(1);
  });

  it('1 when a gap in the statement stays: the run is incomplete', async () => {
    const db = await freshDb();
    expect((await sync(db.url)).code).toBe(0);
    // An entry the API does not have, five indexes past the last one: the re-read cannot fill the gap.
    await withClient(db.url, (c) =>
      c.query(`INSERT INTO account_entries (id, organization_id, card_account_id, entry_index, type, booking_date, amount, currency, balance_after, created_at, raw)
               SELECT 'phantom', organization_id, card_account_id, entry_index + 5, type, booking_date, 0, currency, balance_after, created_at, '{}'
                 FROM account_entries ORDER BY entry_index DESC LIMIT 1`),
    );
    const result = await sync(db.url);
    expect(await lastRun(db.url)).toMatchObject({ status: 'incomplete' });
    expect(result.stderr).toMatch(
      /pliant-sync: sync run 2 ended incomplete: incomplete: organization \S+, card account \S+: entries with index \d+\.\.\d+ are missing/,
    );
    expect(result.code).toBe(1);
  });

  it('1 when SIGINT stops the run before it finished', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'slow', delayMs: 30, every: 1 }]);
    const child: LiveCli = spawnCli(['sync'], env(db.url, { LOG_LEVEL: 'info' }));
    await waitUntil(async () =>
      withClient(
        db.url,
        async (c) => (await c.query('SELECT coalesce(sum(pages), 0)::int AS n FROM sync_run_streams')).rows[0].n >= 1,
      ),
    );
    child.kill('SIGINT');
    expect(await child.done).toBe(1);
    expect(child.output()).toContain('SIGINT received: finishing the current page');
    expect(child.output()).toMatch(/pliant-sync: sync run 1 ended stopped: stopped on request/);
    expect(await lastRun(db.url)).toMatchObject({
      status: 'stopped',
      error: expect.stringContaining('stopped on request'),
    });
  });

  it('3 when another session holds the sync lock, for sync and backfill alike', async () => {
    const db = await freshDb();
    const holder = new pg.Client({ connectionString: db.url, application_name: 'pliant-sync sync on elsewhere pid 1' });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1, $2)', [0x706c7379, 0x73796e63]);
      for (const args of [['sync'], ['backfill', '--from', '2026-06-01', '--to', '2026-06-10']]) {
        const result = await runCli(args, env(db.url));
        expect(result.stderr).toContain('Another run holds the sync lock: pliant-sync sync on elsewhere pid 1');
        expect(result.code).toBe(3);
      }
    } finally {
      await holder.end();
    }
  });

  it('1 when a backfill run fails', async () => {
    const db = await freshDb();
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', page: 0, variant: 'missingId' }]);
    const result = await runCli(['backfill', '--from', '2026-06-01', '--to', '2026-06-29'], env(db.url));
    expect(result.stderr).toMatch(/pliant-sync: backfill run 1 ended failed: /);
    expect(result.code).toBe(1);
  });
});

describeOnServer(SERVER_ONLY)('usage and configuration: exit code 2', () => {
  it('a malformed variable, named with a valid value', async () => {
    const result = await runCli(['sync'], { ...env('postgresql://127.0.0.1:1/none'), SYNC_LOOKBACK_DAYS: 'three' });
    expect(result.stderr).toMatch(/SYNC_LOOKBACK_DAYS: .*\(for example SYNC_LOOKBACK_DAYS=3\)/);
    expect(result.code).toBe(2);
  });

  it('an option the command does not take', async () => {
    const result = await runCli(['sync', '--since', 'yesterday'], env('postgresql://127.0.0.1:1/none'));
    expect(result.stderr).toContain("unknown option '--since'");
    expect(result.code).toBe(2);
  });
});

describeOnServer(SERVER_ONLY)('export exit codes', () => {
  it('1 when the export is refused: an entry does not balance; nothing is written', async () => {
    const db = await freshDb();
    expect(
      (await sync(db.url, ['--stream', 'organizations,cardholders,cards,account-entries,transactions,bill-payments']))
        .code,
    ).toBe(0);
    // One amount no longer matches the running balance it belongs to.
    await withClient(db.url, (c) =>
      c.query(
        `UPDATE account_entries SET amount = amount + 1 WHERE id = (SELECT id FROM account_entries WHERE type = 'TRANSACTION' ORDER BY booking_date, id LIMIT 1)`,
      ),
    );
    const out = mkdtempSync(join(tmpdir(), 'pliant-out-'));
    const result = await runCli(
      ['export', '--format', 'csv', '--from', '2026-06-01', '--to', '2026-06-30', '--out', out],
      env(db.url),
    );
    expect(result.stderr).toMatch(/pliant-sync: Export refused: .*Nothing was written or marked/);
    expect(result.stderr).toMatch(
      /entry \S+ \(index \d+, booked 2026-06-\d\d, TRANSACTION\/PURCHASE\) does not balance: debits .* EUR, credits .* EUR/,
    );
    expect(result.code).toBe(1);
    expect(
      await withClient(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM export_batches')).rows[0].n),
    ).toBe(0);
  });
});

describeOnServer(SERVER_ONLY)('worker exit codes', () => {
  let blocker: Server;
  afterEach(async () => {
    if (blocker?.listening) await new Promise((resolve) => blocker.close(resolve));
  });

  it('1 when its callback port is taken, naming CALLBACK_PORT and the fix', async () => {
    const db = await freshDb();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const result = await runCli(['worker'], env(db.url, { CALLBACK_PORT: String(port) }));
    expect(result.stderr).toContain(
      `CALLBACK_PORT: ${port} is already in use by another process: the callback receiver cannot listen`,
    );
    expect(result.stderr).toContain('set CALLBACK_PORT to a free port');
    expect(result.code).toBe(1);
  });

  it('1 when the database does not answer, naming where it looked', async () => {
    const port = await freePort();
    const result = await runCli(
      ['worker'],
      env(`postgresql://postgres@127.0.0.1:${port}/mirror`, { CALLBACK_PORT: String(await freePort()) }),
    );
    expect(result.stderr).toContain(`The database at 127.0.0.1:${port}/mirror does not answer`);
    expect(result.code).toBe(1);
  });

  it('0 after SIGTERM once it has stopped cleanly', async () => {
    const db = await freshDb();
    const worker = spawnCli(
      ['worker'],
      env(db.url, { CALLBACK_PORT: String(await freePort()), SYNC_CRON: '0 4 1 1 *', LOG_LEVEL: 'info' }),
    );
    await waitUntil(async () => worker.output().includes('Worker scheduled'));
    worker.kill('SIGTERM');
    expect(await worker.done).toBe(0);
    expect(worker.output()).toContain('Worker stopped');
  });
});
