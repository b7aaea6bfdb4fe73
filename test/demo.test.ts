/**
 * The newcomer's path, through the built binary: `demo` ends with DATEV, CSV and hledger files
 * in ./out and prints SQL; real psql reads `booked_entries` from `sql-server --demo`, which
 * refuses writes; a second process on an embedded database that one holds exits 3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../src/simulator/index.js';
import { freePort, killLiveClis, runCli, spawnCli, waitUntil } from './helpers/cli.js';
import { SIM_NOW, type Simulator } from './helpers/sync-harness.js';

const cwd = mkdtempSync(join(tmpdir(), 'pliant-demo-'));
afterAll(() => killLiveClis());

function psql(port: number, sql: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    'psql',
    [
      '-X',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-U',
      'postgres',
      'postgres',
      '-c',
      sql,
    ],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr };
}

describe('demo and sql-server --demo', () => {
  let demoStdout = '';

  it('demo syncs the simulator into ./data/demo and exports the last full month into ./out', async () => {
    const result = await runCli(['demo'], {}, { cwd, timeoutMs: 120_000 });
    demoStdout = result.stdout;
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const files = readdirSync(join(cwd, 'out'));
    expect(files.filter((f) => /^EXTF_Buchungsstapel_\d{8}-\d{8}_[0-9a-f]{8}_\d+\.csv$/.test(f))).toHaveLength(3);
    expect(files.filter((f) => /^pliant-journal_.*\.csv$/.test(f))).toHaveLength(3);
    expect(files.filter((f) => f.endsWith('.journal'))).toHaveLength(3);
    expect(
      readFileSync(
        join(
          cwd,
          'out',
          files.find((f) => f.startsWith('EXTF_'))!,
        ),
        'latin1',
      ),
    ).toMatch(/^"EXTF";700;21;"Buchungsstapel"/);
    expect(result.stdout).toMatch(/^pliant-sync demo: succeeded in \d+\.\d s$/m);
    expect(result.stdout).toMatch(/3 organizations, \d+ cardholders, \d+ cards, [\d,]+ account entries/);
    expect(result.stdout).toMatch(/Reconciliation: 3 of 3 card accounts agree/);
    expect(result.stdout).toContain('npx pliant-sync sql-server --demo');
    expect(existsSync(join(cwd, 'data', 'demo', 'PG_VERSION'))).toBe(true);
    expect(readdirSync(join(cwd, 'data', 'demo-receipts')).length).toBeGreaterThan(0);
  }, 150_000);

  it('psql reads booked_entries from sql-server --demo, which refuses writes', async () => {
    const port = await freePort();
    const server = spawnCli(['sql-server', '--demo', '--port', String(port)], {}, { cwd });
    await waitUntil(async () => server.output().includes('Press Ctrl+C to stop'), 60_000);
    expect(server.output()).toContain(`psql -h 127.0.0.1 -p ${port} -U postgres postgres`);
    const entries = psql(port, 'SELECT count(*) FROM booked_entries');
    expect(entries.stderr).toBe('');
    const mirrored = psql(port, 'SELECT count(*) FROM account_entries');
    expect(Number(entries.stdout)).toBeGreaterThan(1000);
    expect(entries.stdout).toBe(mirrored.stdout);
    // The demo's suggested queries run as printed.
    for (const line of demoStdout.split('\n').filter((l) => /^\s+SELECT /.test(l))) {
      const r = psql(port, line.trim());
      expect(r.stderr).toBe('');
      expect(r.stdout.length).toBeGreaterThan(0);
    }
    const write = psql(port, 'DELETE FROM cards');
    expect(write.status).not.toBe(0);
    expect(write.stderr).toContain('cannot execute DELETE in a read-only transaction');
    server.kill('SIGINT');
    expect(await server.done).toBe(0);
  }, 90_000);

  it('sql-server without a database says what to run; on a PostgreSQL server it points to sql-user', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'pliant-empty-'));
    const result = await runCli(['sql-server', '--port', String(await freePort())], {}, { cwd: empty });
    expect(result.stderr).toContain('There is no embedded database in');
    expect(result.stderr).toContain('run `pliant-sync sync` first');
    expect(result.code).toBe(1);
    const onServer = await runCli(
      ['sql-server'],
      { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' },
      { cwd: empty },
    );
    expect(onServer.stderr).toContain('pliant-sync sql-user create NAME');
    expect(onServer.code).toBe(2);
  });
});

describe('the embedded database is one process’s', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      seed: 5,
      orgs: 1,
      days: 10,
      now: SIM_NOW,
      rateLimit: { requests: 100_000, windowSeconds: 300 },
    });
  });
  afterAll(() => sim.close());

  it('a second process exits 3 naming the holder’s pid and command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pliant-held-'));
    const env = {
      PLIANT_ENV: 'simulator',
      PLIANT_API_URL: sim.apiUrl,
      PLIANT_AUTH_URL: sim.tokenUrl,
      PLIANT_RATE_LIMIT: '100000/300',
      CALLBACK_PORT: String(await freePort()),
      SYNC_CRON: '0 4 1 1 *',
    };
    const worker = spawnCli(['worker'], env, { cwd: dir });
    await waitUntil(async () => worker.output().includes('Worker scheduled'), 60_000);
    for (const args of [['status'], ['sync'], ['migrate']]) {
      const second = await runCli(args, env, { cwd: dir, timeoutMs: 60_000 });
      expect(second.stderr).toContain(
        `The embedded database ${join(dir, 'data', 'pglite')} is in use by pid ${worker.pid} (pliant-sync worker`,
      );
      expect(second.code).toBe(3);
    }
    worker.kill('SIGTERM');
    expect(await worker.done).toBe(0);
    // Released: the next command opens it.
    const status = await runCli(['status'], env, { cwd: dir, timeoutMs: 60_000 });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^run +kind +status/m);
  }, 120_000);

  it('a lock left by a process that died is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pliant-stale-'));
    const first = await runCli(['migrate'], {}, { cwd: dir, timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    // A holder that no longer exists: pid 2^22 + 1 is above Linux's default pid_max.
    (await import('node:fs')).writeFileSync(
      join(dir, 'data', 'pglite.lock'),
      JSON.stringify({
        pid: 4194305,
        host: (await import('node:os')).hostname(),
        command: 'pliant-sync sync',
        since: '2026-01-01T00:00:00Z',
      }),
    );
    const status = await runCli(['status'], {}, { cwd: dir, timeoutMs: 60_000 });
    expect(status.stderr).not.toContain('in use by');
    expect(status.code).toBe(0);
  }, 90_000);
});
