/**
 * Golden files: the fixed data set exported with two mappings, compared byte for byte.
 * Regenerate only on purpose: UPDATE_GOLDEN=1, then read the diff before committing.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PrismaClient } from '../../src/db/prisma.js';
import { describeFinding, validateDatev, type ExportFormat } from '../../src/export/index.js';
import { createTestDatabase, prismaFor, type TestDatabase } from '../helpers/db.js';
import { insertMirror } from './fixture.js';
import { goldenMirror } from './golden-data.js';
import {
  expectGolden,
  exportNow,
  forgetExports,
  GOLDEN_DIR,
  hledgerBalance,
  hledgerCheck,
  itWithHledger,
  settingsFrom,
} from './support.js';

let db: TestDatabase;
let prisma: PrismaClient;
const PERIOD = { from: '2026-10-01', to: '2026-11-30' };

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await insertMirror(db.url, goldenMirror());
  prisma = prismaFor(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});
beforeEach(() => forgetExports(db.url));

const CASES: [string, string, ExportFormat][] = [
  ['skr03/datev', 'config-skr03.yaml', 'datev'],
  ['skr03/csv', 'config-skr03.yaml', 'csv'],
  ['skr03/hledger', 'config-skr03.yaml', 'hledger'],
  ['skr04-creditor/datev', 'config-skr04.json', 'datev'],
  ['skr04-creditor/hledger', 'config-skr04.json', 'hledger'],
];

describe('golden files of the fixed data set', () => {
  it.each(CASES)('%s (%s) matches byte for byte', async (dir, config, format) => {
    const result = await exportNow(prisma, { format, period: PERIOD, settings: settingsFrom(config) });
    expect(result.summary.entries).toEqual({
      inPeriod: 23,
      bookings: 22,
      reversals: 0,
      alreadyExported: 0,
      leftOut: 1,
    });
    expect(result.summary.debit).toEqual(result.summary.credit);
    expect(result.summary.reconciliation).toEqual([
      expect.objectContaining({ entries: 23, balanceChange: '3953.87', exported: '3953.87', agrees: true }),
    ]);
    expectGolden(
      dir,
      result.files.map((f) => ({ name: f.batch.fileName, bytes: f.bytes })),
    );
  });

  it('DATEV: one file per month, the character cp1252 lacks reported with its line and field', async () => {
    const result = await exportNow(prisma, { format: 'datev', period: PERIOD });
    expect(result.files.map((f) => [f.batch.period, f.batch.rows])).toEqual([
      [{ from: '2026-10-01', to: '2026-10-31' }, 13],
      [{ from: '2026-11-01', to: '2026-11-30' }, 9],
    ]);
    expect(result.summary.warnings).toEqual([
      'EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv: line 10, Buchungstext: "☕" (U+2615) not in Windows-1252, written as "?" (entry 28eb5150-ae21-4773-8b4d-0b2d989661f2)',
    ]);
  });

  it('the DATEV validator passes every golden file without a single finding', () => {
    for (const dir of ['skr03/datev', 'skr04-creditor/datev']) {
      for (const name of readdirSync(join(GOLDEN_DIR, dir))) {
        const findings = validateDatev(readFileSync(join(GOLDEN_DIR, dir, name)), name);
        expect({ name, findings: findings.map(describeFinding) }).toEqual({ name, findings: [] });
      }
    }
  });

  itWithHledger('hledger check accepts the golden journals, and the card account holds the balance change', () => {
    for (const dir of ['skr03/hledger', 'skr04-creditor/hledger']) {
      for (const name of readdirSync(join(GOLDEN_DIR, dir))) {
        const file = join(GOLDEN_DIR, dir, name);
        expect(hledgerCheck(file)).toEqual({ status: 0, output: '' });
      }
    }
    const file = join(GOLDEN_DIR, 'skr03/hledger', readdirSync(join(GOLDEN_DIR, 'skr03/hledger'))[0]!);
    expect(hledgerBalance(file, 'liabilities:pliant card')).toBe('3953.87 EUR  liabilities:pliant card:1730');
  });

  itWithHledger('hledger check fails on a journal broken by hand (so the check above means something)', () => {
    const dir = join(GOLDEN_DIR, 'skr03/hledger');
    const text = readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8').replace('-60.00 EUR', '-60.01 EUR');
    const broken = join(mkdtempSync(join(tmpdir(), 'hledger-')), 'broken.journal');
    writeFileSync(broken, text);
    const result = hledgerCheck(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/unbalanced|balance/i);
  });
});
