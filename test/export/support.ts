/** Shared by the export tests: running an export, golden files, hledger. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { PrismaClient } from '../../src/db/prisma.js';
import { loadExportSettings, runExport, type ExportOptions, type ExportResult } from '../../src/export/index.js';
import { packageRoot } from '../../src/paths.js';
import { sql } from './fixture.js';

export const GOLDEN_DIR = join(packageRoot(), 'test', 'export', 'golden');
export const TIME_ZONE = 'Europe/Berlin';

export function settingsFrom(configFile: string | undefined) {
  return loadExportSettings(configFile === undefined ? undefined : join(GOLDEN_DIR, configFile));
}

export function exportNow(
  prisma: PrismaClient,
  options: Partial<ExportOptions> & Pick<ExportOptions, 'format' | 'period'>,
): Promise<ExportResult> {
  return runExport(prisma, {
    mode: 'new',
    settings: settingsFrom('config-skr03.yaml'),
    timeZone: TIME_ZONE,
    ...options,
  });
}

/** Starts batch numbering afresh, so file names and CSV batch ids are the same in every run. */
export async function forgetExports(url: string): Promise<void> {
  await sql(url, 'TRUNCATE export_batch_entries, export_batches RESTART IDENTITY');
}

/**
 * Byte-exact comparison with the golden directory. UPDATE_GOLDEN=1 rewrites it: only on
 * purpose, after reading the diff.
 */
export function expectGolden(dir: string, files: { name: string; bytes: Buffer }[]): void {
  const path = join(GOLDEN_DIR, dir);
  if (process.env.UPDATE_GOLDEN === '1') {
    rmSync(path, { recursive: true, force: true });
    mkdirSync(path, { recursive: true });
    for (const f of files) writeFileSync(join(path, f.name), f.bytes);
  }
  expect(existsSync(path) ? readdirSync(path).sort() : []).toEqual(files.map((f) => f.name).sort());
  for (const f of files) {
    // latin1 maps each byte to one character: a readable diff that is still byte-exact.
    expect(f.bytes.toString('latin1')).toBe(readFileSync(join(path, f.name)).toString('latin1'));
  }
}

export const hledgerInstalled = spawnSync('hledger', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * hledger's own checks (parse, balance, declared accounts and commodities, ordered dates).
 * Outside CI a machine without hledger skips these tests; in CI a missing hledger fails them.
 */
export const itWithHledger = hledgerInstalled || process.env.CI ? it : it.skip;

export function hledgerCheck(file: string): { status: number | null; output: string } {
  if (!hledgerInstalled) {
    throw new Error('hledger is not on PATH, and CI is set: the CI image must install it (apt-get install -y hledger)');
  }
  const run = spawnSync('hledger', ['-f', file, 'check', '--strict', 'ordereddates'], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

export function hledgerBalance(file: string, account: string): string {
  const run = spawnSync('hledger', ['-f', file, 'balance', '--no-total', '--flat', '-B', account], {
    encoding: 'utf8',
  });
  return run.stdout.trim();
}
