import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runCli } from './helpers/cli.js';
import { createTestDatabase, withClient, type TestDatabase } from './helpers/db.js';
import { describeOnServer } from './helpers/target.js';

const COMMANDS = ['migrate', 'sync', 'backfill', 'worker', 'status', 'export', 'simulator', 'demo', 'lead', 'sql-user'];
let db: TestDatabase;

describe('pliant-sync command line', () => {
  it('--help lists every command of the interface and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    expect(result.stdout).toContain('3 another sync holds the lock');
  });

  it.each(COMMANDS)('%s --help explains the command', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: pliant-sync ${command}`);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    const bad = await runCli(['status', '--no-such-flag']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--no-such-flag'");
  });

  it('exits 2 naming a malformed variable before doing anything', async () => {
    const result = await runCli(['status'], { SYNC_TIMEZONE: 'Nowhere/Land' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'SYNC_TIMEZONE: "Nowhere/Land" is not a known IANA time zone (for example SYNC_TIMEZONE=Europe/Berlin)',
    );
  });

  it('without DATABASE_URL, migrate and status use the embedded database under ./data/pglite', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'pliant-embedded-'));
    const first = await runCli(['migrate', '--json'], {}, { cwd, timeoutMs: 60_000 });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(0);
    expect(existsSync(join(cwd, 'data', 'pglite', 'PG_VERSION'))).toBe(true);
    const status = await runCli(['status'], {}, { cwd, timeoutMs: 60_000 });
    expect(status.stdout).toContain('No sync has run yet');
    expect(status.code).toBe(0);
    // The lock file beside the data is gone once the command ended.
    expect(existsSync(join(cwd, 'data', 'pglite.lock'))).toBe(false);
  });

  it.each([
    [['backfill', '--from', '2026-02-01', '--to', '2026-01-31'], '--from 2026-02-01 is after --to 2026-01-31'],
    [['backfill', '--from', '2026-02-30', '--to', '2026-03-31'], '"2026-02-30" is not a date: use YYYY-MM-DD'],
    [
      ['sync', '--stream', 'payments'],
      'unknown stream "payments"; streams are organizations, cardholders, cards, account-entries',
    ],
    [['sync', '--concurrency', '0'], 'must be a whole number from 1 to 16'],
    [['sync'], 'PLIANT_CLIENT_ID: is not set'],
  ])('%j is refused with exit code 2 and says why', async (args, message) => {
    const result = await runCli(args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
  });

  it('takes several organizations and streams, repeated, space- or comma-separated', async () => {
    // Both flags parse before anything runs: the missing credentials are the first thing to stop it.
    const result = await runCli([
      'sync',
      '--org',
      'a',
      'b',
      '--org',
      'c,d',
      '--stream',
      'cards,transactions',
      '--stream',
      'receipts',
    ]);
    expect(result.stderr).toContain('PLIANT_CLIENT_ID: is not set');
    const bad = await runCli(['sync', '--stream', 'cards,payments']);
    expect(bad.stderr).toContain('unknown stream "payments"');
    expect(bad.code).toBe(2);
  });

  it('lead create refuses a file it cannot read with exit code 2, naming --file', async () => {
    const result = await runCli(['lead', 'create', '--file', 'no-such-lead.json'], { PLIANT_ENV: 'simulator' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--file no-such-lead.json: cannot be read (ENOENT)');
  });
});

describeOnServer('the CLI runs in processes of its own: they reach the test database over the network')(
  'pliant-sync on a PostgreSQL server',
  () => {
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.drop());

    it('migrate creates the schema, then finds it up to date; status reports an empty mirror', async () => {
      const first = await runCli(['migrate', '--json'], { DATABASE_URL: db.url });
      expect(first.stderr).toContain('Applied migration 20261121080000_init');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout).applied.length).toBeGreaterThan(0);

      const second = await runCli(['migrate'], { DATABASE_URL: db.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/^Database is up to date \(\d+ migrations applied\)\.$/m);

      const status = await runCli(['status'], { DATABASE_URL: db.url });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('No sync has run yet');

      const json = await runCli(['status', '--json'], { DATABASE_URL: db.url });
      expect(JSON.parse(json.stdout)).toEqual({
        runs: [],
        streams: [],
        organizations: [],
        receipts: {
          totals: { present: 0, missing: 0, deleted: 0, problems: 0 },
          organizations: [],
          callbacks: { pending: 0, processed: 0, ignored: 0, failed: 0, lastReceivedAt: null },
        },
      });
    });

    it('status shows runs, streams and the mirror', async () => {
      await withClient(db.url, async (c) => {
        await c.query(`INSERT INTO organizations (id, name, raw) VALUES ('org-1', 'Ada Lovelace Inc.', '{}')`);
        await c.query(
          `INSERT INTO account_entries (id, organization_id, entry_index, type, booking_date, amount, currency, raw)
         VALUES ('e1', 'org-1', 0, 'TRANSACTION', '2026-11-02', -617, 'EUR', '{}')`,
        );
        await c.query(
          `INSERT INTO sync_runs (id, kind, status, started_at, finished_at, requests, pages, rows_fetched, rows_inserted)
         VALUES (7, 'sync', 'succeeded', '2026-11-20T04:00:00Z', '2026-11-20T04:01:30Z', 12, 9, 1, 1)`,
        );
        await c.query(
          `INSERT INTO sync_run_streams (run_id, stream, organization_id, status, finished_at, rows_fetched)
         VALUES (7, 'account-entries', 'org-1', 'succeeded', '2026-11-20T04:01:30Z', 1)`,
        );
        await c.query(
          `INSERT INTO sync_cursors (stream, organization_id, value) VALUES ('account-entries', 'org-1', '{"createdAt":"2026-11-20"}')`,
        );
      });
      const text = await runCli(['status'], { DATABASE_URL: db.url });
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^\s*7\s+sync\s+succeeded\s+2026-11-20 04:00:00\s+2 minutes?\s+12\s+9\s+1\s+1/m);
      expect(text.stdout).toMatch(/org-1\s+account-entries\s+\{"createdAt":"2026-11-20"\}\s+7\s+succeeded/);
      expect(text.stdout).toMatch(/org-1\s+Ada Lovelace Inc\.\s+0\s+0\s+1\s+0\s+0\s+2026-11-02/);

      const json = JSON.parse((await runCli(['status', '--json'], { DATABASE_URL: db.url })).stdout);
      expect(json.runs[0]).toMatchObject({ id: 7, kind: 'sync', status: 'succeeded', requests: 12, rowsInserted: 1 });
      expect(json.streams[0]).toMatchObject({
        stream: 'account-entries',
        organizationId: 'org-1',
        cursor: { createdAt: '2026-11-20' },
        lastRunId: 7,
      });
      expect(json.organizations[0]).toMatchObject({ id: 'org-1', accountEntries: 1, lastBookingDate: '2026-11-02' });
    });
  },
);
