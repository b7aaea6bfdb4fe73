/**
 * Property tests over generated data sets (seeded, so a failure can be replayed): every
 * export balances and reconciles with the mirror, exporting twice exports nothing the second
 * time, --all is byte-identical for the same data, and changes come back as reversals.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PrismaClient } from '../../src/db/prisma.js';
import { EXPORT_FORMATS, validateDatev, type ExportResult } from '../../src/export/index.js';
import { createTestDatabase, prismaFor, type TestDatabase } from '../helpers/db.js';
import { insertMirror, sql, uuid } from './fixture.js';
import { GENERATED_PERIOD, generateMirror, random } from './generator.js';
import { exportNow, hledgerCheck, itWithHledger, settingsFrom } from './support.js';

const SEEDS = [1, 7, 42, 2026, 99991];
let db: TestDatabase;
let prisma: PrismaClient;
const journals: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await insertMirror(db.url, ...SEEDS.map(generateMirror));
  prisma = prismaFor(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

/** Balanced and reconciled, as the summary says and as the files themselves show. */
function expectSound(result: ExportResult): void {
  expect(result.summary.debit).toEqual(result.summary.credit);
  for (const r of result.summary.reconciliation) expect(r).toMatchObject({ agrees: true, exported: r.balanceChange });
  for (const f of result.files) {
    expect(f.batch.debit).toEqual(f.batch.credit);
    if (f.batch.format === 'datev')
      expect(validateDatev(f.bytes, f.batch.fileName).filter((x) => x.severity === 'error')).toEqual([]);
  }
}

/** The sum of balance changes from the mirror itself, for the organization and period. */
async function mirrorChange(org: string): Promise<string> {
  const rows = await sql<{ sum: string }>(
    db.url,
    `SELECT coalesce(sum(amount), 0)::text AS sum FROM account_entries WHERE organization_id = $1 AND booking_date BETWEEN $2 AND $3`,
    [org, GENERATED_PERIOD.from, GENERATED_PERIOD.to],
  );
  return rows[0]!.sum;
}

describe.each(SEEDS)('generated data set, seed %i', (seed) => {
  const org = uuid('generated-org', seed);
  const options = {
    period: GENERATED_PERIOD,
    organizationId: org,
    settings: settingsFrom(seed % 2 === 0 ? 'config-skr04.json' : 'config-skr03.yaml'),
  };

  it.each([...EXPORT_FORMATS])(
    '%s: balances, reconciles, exports nothing twice, and repeats byte for byte with --all',
    async (format) => {
      const allBefore = await exportNow(prisma, { ...options, format, mode: 'all' });
      expectSound(allBefore);

      const first = await exportNow(prisma, { ...options, format });
      expectSound(first);
      const { inPeriod, bookings, leftOut } = first.summary.entries;
      expect(bookings + leftOut).toBe(inPeriod);
      // DATEV files carry no batch number, so even the marking export equals the repeat.
      if (format === 'datev') expect(first.files.map((f) => f.bytes)).toEqual(allBefore.files.map((f) => f.bytes));
      const cents = first.summary.reconciliation.reduce((sum, r) => sum + BigInt(r.exported.replace('.', '')), 0n);
      expect(cents.toString()).toBe(await mirrorChange(org));
      if (format === 'datev') {
        // One file per month, and the year end cuts the period.
        expect(first.files.map((f) => f.batch.period.from.slice(0, 7))).toEqual(['2026-11', '2026-12', '2027-01']);
      }

      const second = await exportNow(prisma, { ...options, format });
      expect(second.files).toEqual([]);
      expect(second.summary.entries).toMatchObject({ bookings: 0, reversals: 0, alreadyExported: bookings });
      expectSound(second);

      const allAfter = await exportNow(prisma, { ...options, format, mode: 'all' });
      const again = await exportNow(prisma, { ...options, format, mode: 'all' });
      expect(again.files.map((f) => f.bytes)).toEqual(allAfter.files.map((f) => f.bytes));
      // Exporting in between changed nothing in the data, so the repeats before and after are the same too.
      expect(allAfter.files.map((f) => f.bytes)).toEqual(allBefore.files.map((f) => f.bytes));
      if (format === 'hledger') for (const f of first.files) journals.push(saved(f.bytes, f.batch.fileName));
    },
  );

  it('changed entries come back in every format as a reversal plus the new booking, and still reconcile', async () => {
    const r = random(seed * 31);
    const changed = await sql<{ id: string }>(
      db.url,
      `UPDATE transactions SET category = $2, last_changed_at = '2027-02-01T00:00:00Z'
        WHERE id IN (SELECT id FROM transactions WHERE organization_id = $1 AND NOT platform_fee AND type = 'PURCHASE' ORDER BY id LIMIT $3) AND category IS DISTINCT FROM $2
        RETURNING id`,
      [org, r.pick(['GIFTS_AND_VOUCHERS', 'MATERIALS_AND_PACKAGING']), 1 + r.int(5)],
    );
    expect(changed.length).toBeGreaterThan(0);
    for (const format of EXPORT_FORMATS) {
      const result = await exportNow(prisma, { ...options, format });
      expectSound(result);
      expect(result.summary.entries).toMatchObject({ reversals: changed.length, bookings: changed.length });
      if (format === 'hledger') for (const f of result.files) journals.push(saved(f.bytes, f.batch.fileName));
      expect((await exportNow(prisma, { ...options, format })).files).toEqual([]);
    }
  });
});

const dir = mkdtempSync(join(tmpdir(), 'export-properties-'));
function saved(bytes: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

itWithHledger('hledger check accepts every generated journal, reversals included', () => {
  expect(journals.length).toBe(SEEDS.length * 2);
  for (const file of journals) expect({ file, ...hledgerCheck(file) }).toEqual({ file, status: 0, output: '' });
});
