/** `export` on the command line: summary on a terminal, --json, --batch, --list, usage errors. */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { Command } from 'commander';

import { exportCommand } from '../../src/cli/commands/export.js';
import type { Context } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config.js';
import { EXIT, exitCodeOf } from '../../src/errors.js';
import { createTestDatabase, databaseFor, type TestDatabase } from '../helpers/db.js';
import { quietLogger } from '../helpers/logs.js';
import { insertMirror } from './fixture.js';
import { GOLDEN_ORG, goldenMirror } from './golden-data.js';
import { GOLDEN_DIR } from './support.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await insertMirror(db.url, goldenMirror());
});
afterAll(() => db.drop());

async function run(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; error: unknown }> {
  const config = loadConfig(
    { EXPORT_CONFIG: join(GOLDEN_DIR, 'config-skr03.yaml'), SYNC_TIMEZONE: 'Europe/Berlin', ...env },
    mkdtempSync(join(tmpdir(), 'cli-cwd-')),
  );
  const context: Context = { config, logger: quietLogger(), openDatabase: async () => databaseFor(db.url) };
  const program = new Command('pliant-sync')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  program.addCommand(exportCommand(() => context).exitOverride());
  let stdout = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  });
  try {
    await program.parseAsync(['export', ...args], { from: 'user' });
    return { stdout, error: undefined };
  } catch (error) {
    return { stdout, error };
  } finally {
    spy.mockRestore();
  }
}

describe('pliant-sync export', () => {
  it('writes the files and prints a readable summary with the reconciliation', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'));
    const { stdout, error } = await run([
      '--format',
      'datev',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-30',
      '--out',
      out,
    ]);
    expect(error).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual([
      'EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv',
      'EXTF_Buchungsstapel_20261101-20261130_6f1c2a4e_2.csv',
    ]);
    expect(stdout).toContain(
      'datev export of entries not yet exported to this format, booked 2026-10-01 to 2026-11-30',
    );
    expect(stdout).toContain('Wrote 2 files:');
    expect(stdout).toMatch(/^batch {2}organization +period .* file$/m);
    expect(stdout).toContain(
      'Entries booked in the period: 23; written now: 22 bookings and 0 reversals; already exported and unchanged: 0; left out (zero amount): 1.',
    );
    expect(stdout).toContain('Lines: 44; debits 7574.13 EUR; credits 7574.13 EUR.');
    expect(stdout).toMatch(new RegExp(`^${GOLDEN_ORG} .* EUR +23 +3953\\.87 +3953\\.87 +yes$`, 'm'));
    expect(stdout).toContain(
      'Warnings:\n  EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv: line 10, Buchungstext: "☕" (U+2615)',
    );
  });

  it('--json prints the summary; a second run finds nothing new', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-out-'));
    const { stdout } = await run([
      '--format',
      'datev',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-30',
      '--out',
      out,
      '--json',
    ]);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      format: 'datev',
      mode: 'new',
      batches: [],
      entries: { alreadyExported: 22, bookings: 0 },
    });
    expect(readdirSync(out)).toEqual([]);
    const text = await run(['--format', 'datev', '--from', '2026-10-01', '--to', '2026-11-30', '--out', out]);
    expect(text.stdout).toContain('Nothing to export: no file written.');
  });

  it('--batch writes a finished batch again, byte for byte; --list shows the batches', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-again-'));
    const { stdout, error } = await run(['--batch', '1', '--out', out]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(
      /^Batch 1 \(datev, new, organization .*, 2026-10-01 – 2026-10-31, written .*\): \d+ bytes, sha256 [0-9a-f]{64}, as stored, to /,
    );
    const name = 'EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv';
    expect(readFileSync(join(out, name)).equals(readFileSync(join(GOLDEN_DIR, 'skr03/datev', name)))).toBe(true);

    const list = JSON.parse((await run(['--list', '--json'])).stdout);
    expect(list.batches.map((b: { id: number; format: string }) => [b.id, b.format])).toEqual([
      [2, 'datev'],
      [1, 'datev'],
    ]);
    expect((await run(['--list'])).stdout).toMatch(/^batch {2}format {2}mode {2}organization/);
  });

  it('--all with --format csv writes one file for the period and marks nothing', async () => {
    const out = mkdtempSync(join(tmpdir(), 'cli-all-'));
    const { stdout } = await run([
      '--format',
      'csv',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-30',
      '--all',
      '--out',
      out,
      '--json',
    ]);
    expect(JSON.parse(stdout).batches).toHaveLength(1);
    const again = JSON.parse(
      (await run(['--format', 'csv', '--from', '2026-10-01', '--to', '2026-11-30', '--out', out, '--json'])).stdout,
    );
    expect(again.entries.bookings).toBe(22);
  });

  it.each([
    [['--from', '2026-10-01', '--to', '2026-10-31'], /export needs --format \(or --batch ID, or --list\)/],
    [['--format', 'datev', '--from', '2026-13-01', '--to', '2026-10-31'], /--from "2026-13-01" is not a date/],
    [
      ['--format', 'datev', '--from', '2026-10-31', '--to', '2026-10-01'],
      /--to 2026-10-01 is before --from 2026-10-31/,
    ],
    [['--batch', 'x'], /--batch "x" is not a batch number/],
    [['--batch', '99'], /--batch 99: no such export batch/],
    [['--batch', '1', '--list'], /--list and --batch do not go together/],
  ])('exits 2 on bad usage: %j', async (args, message) => {
    const { error } = await run(args);
    expect(exitCodeOf(error)).toBe(EXIT.usage);
    expect((error as Error).message).toMatch(message);
  });

  it('exits 2 on a format it does not know, and on a bad EXPORT_CONFIG naming line and field', async () => {
    const unknown = await run(['--format', 'excel', '--from', '2026-10-01', '--to', '2026-10-31']);
    expect(exitCodeOf(unknown.error)).not.toBe(0);
    expect((unknown.error as Error).message).toMatch(/Allowed choices are datev, csv, hledger/);

    const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
    const file = join(dir, 'bad.yaml');
    (await import('node:fs')).writeFileSync(file, 'categories:\n  FOOD: "4650"\n');
    const bad = await run(['--format', 'csv', '--from', '2026-10-01', '--to', '2026-10-31'], { EXPORT_CONFIG: file });
    expect(exitCodeOf(bad.error)).toBe(EXIT.usage);
    expect((bad.error as Error).message).toContain(
      `EXPORT_CONFIG ${file} is not valid:\n  line 2, field categories.FOOD: unknown category "FOOD"`,
    );
  });
});
