/**
 * Export batches: exported once per format, --all repeats without marking, a finished batch
 * comes back byte for byte, a changed entry is reversed and booked again, and a refused
 * export stores and writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PrismaClient } from '../../src/db/prisma.js';
import { UsageError } from '../../src/errors.js';
import { decodeCp1252 } from '../../src/export/formats/datev/cp1252.js';
import {
  ExportRefusedError,
  getBatch,
  listBatches,
  parseExportSettings,
  validateDatev,
} from '../../src/export/index.js';
import { createTestDatabase, prismaFor, type TestDatabase } from '../helpers/db.js';
import { insertMirror, MirrorBuilder, sql, uuid } from './fixture.js';
import { GOLDEN_ORG, goldenMirror } from './golden-data.js';
import { expectGolden, exportNow, forgetExports, settingsFrom } from './support.js';

let db: TestDatabase;
let prisma: PrismaClient;
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const BOTH = { from: '2026-10-01', to: '2026-11-30' };

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await insertMirror(db.url, goldenMirror());
  prisma = prismaFor(db.url);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

const count = async (table: string): Promise<number> =>
  Number((await sql<{ n: string }>(db.url, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

describe('export batches', () => {
  beforeEach(() => forgetExports(db.url));

  it('exports an entry once per format: the second run finds nothing new, other formats still do', async () => {
    const first = await exportNow(prisma, { format: 'csv', period: OCTOBER });
    expect(first.summary.entries).toMatchObject({ inPeriod: 14, bookings: 13, alreadyExported: 0, leftOut: 1 });
    expect(await count('export_batch_entries')).toBe(13);

    const second = await exportNow(prisma, { format: 'csv', period: OCTOBER });
    expect(second.files).toEqual([]);
    expect(second.summary.entries).toMatchObject({ bookings: 0, reversals: 0, alreadyExported: 13 });
    // The reconciliation still runs, over what is exported so far.
    expect(second.summary.reconciliation[0]).toMatchObject({ entries: 14, agrees: true });

    const datev = await exportNow(prisma, { format: 'datev', period: OCTOBER });
    expect(datev.summary.entries.bookings).toBe(13);

    // A wider period takes only what is new: November.
    const wider = await exportNow(prisma, { format: 'csv', period: BOTH });
    expect(wider.summary.entries).toMatchObject({ inPeriod: 23, bookings: 9, alreadyExported: 13 });
    expect(wider.files.map((f) => f.batch.period)).toEqual([BOTH]);
  });

  it('two exports of the same format at once: one takes the entries, the other finds nothing new', async () => {
    const other = prismaFor(db.url);
    try {
      const [a, b] = await Promise.all([
        exportNow(prisma, { format: 'hledger', period: BOTH }),
        exportNow(other, { format: 'hledger', period: BOTH }),
      ]);
      expect([a.summary.entries.bookings, b.summary.entries.bookings].sort()).toEqual([0, 22]);
      expect(await count('export_batch_entries')).toBe(22);
    } finally {
      await other.$disconnect();
    }
  });

  it('--all repeats the period into a new file, byte-identical for the same data, and marks nothing', async () => {
    const a = await exportNow(prisma, { format: 'datev', period: BOTH, mode: 'all' });
    const b = await exportNow(prisma, { format: 'datev', period: BOTH, mode: 'all' });
    expect(a.files).toHaveLength(2);
    expect(b.files.map((f) => f.bytes)).toEqual(a.files.map((f) => f.bytes));
    expect(b.files.map((f) => f.batch.id)).not.toEqual(a.files.map((f) => f.batch.id));
    expect(await count('export_batch_entries')).toBe(0);
    expect(await count('export_batches')).toBe(4);

    // Nothing was marked: the default export still takes everything, and its bookings are the same.
    const marked = await exportNow(prisma, { format: 'datev', period: BOTH });
    expect(marked.summary.entries.bookings).toBe(22);
    expect(marked.files.map((f) => f.bytes)).toEqual(a.files.map((f) => f.bytes));
    const c = await exportNow(prisma, { format: 'datev', period: BOTH, mode: 'all' });
    expect(c.files.map((f) => f.bytes)).toEqual(a.files.map((f) => f.bytes));
  });

  it('--all of CSV leaves the batch id out, so repeats stay identical; the default export carries it', async () => {
    const all = await exportNow(prisma, { format: 'csv', period: OCTOBER, mode: 'all' });
    const marked = await exportNow(prisma, { format: 'csv', period: OCTOBER });
    const firstRow = (bytes: Buffer) => bytes.toString('utf8').split('\r\n')[1]!.split(',')[0];
    expect(firstRow(all.files[0]!.bytes)).toBe('');
    expect(firstRow(marked.files[0]!.bytes)).toBe(String(marked.files[0]!.batch.id));
  });

  it('returns a finished batch with its stored bytes unchanged, checked against its sha256', async () => {
    const result = await exportNow(prisma, { format: 'datev', period: BOTH });
    for (const file of result.files) {
      const stored = await getBatch(prisma, file.batch.id);
      expect(stored).toMatchObject({
        format: 'datev',
        mode: 'new',
        organizationId: GOLDEN_ORG,
        fileName: file.batch.fileName,
        sha256: file.batch.sha256,
        entryCount: file.batch.entries,
      });
      expect(stored!.bytes.equals(file.bytes)).toBe(true);
    }
    expect((await listBatches(prisma, { format: 'datev' })).map((b) => b.id)).toEqual(
      result.files.map((f) => f.batch.id).reverse(),
    );
    expect(await getBatch(prisma, 999n)).toBeNull();

    await sql(db.url, "UPDATE export_batches SET content = content || '\\x00'::bytea WHERE id = $1", [
      String(result.files[0]!.batch.id),
    ]);
    await expect(getBatch(prisma, result.files[0]!.batch.id)).rejects.toThrow(/do not match their sha256/);
  });

  it('splits a month into several files when it has more rows than a file may hold, keeping each entry together', async () => {
    const result = await exportNow(prisma, {
      format: 'datev',
      period: OCTOBER,
      settings: settingsFrom('config-skr04.json'),
      maxDatevRows: 10,
    });
    // SKR04 books creditor-based: two rows per card transaction, which must stay in one file.
    expect(result.files.map((f) => [f.batch.part, f.batch.parts, f.batch.rows])).toEqual([
      [1, 3, 10],
      [2, 3, 10],
      [3, 3, 4],
    ]);
    for (const f of result.files) {
      expect(f.batch.fileName).toMatch(new RegExp(`_T${f.batch.part}_${f.batch.id}\\.csv$`));
      expect(validateDatev(f.bytes, f.batch.fileName)).toEqual([]);
      expect(decodeCp1252(f.bytes).text.split('\r\n')[0]).toContain(`"Pliant 01.10.-31.10.2026 T${f.batch.part}"`);
    }
  });

  it('writes the files to --out, a directory; refuses a file name for several files before storing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-out-'));
    const result = await exportNow(prisma, { format: 'datev', period: BOTH, out: dir });
    expect(readdirSync(dir).sort()).toEqual(result.files.map((f) => f.batch.fileName).sort());
    expect(readFileSync(result.files[0]!.batch.path!).equals(result.files[0]!.bytes)).toBe(true);

    await forgetExports(db.url);
    const single = join(dir, 'one-file.csv');
    await expect(exportNow(prisma, { format: 'datev', period: BOTH, out: single })).rejects.toThrow(UsageError);
    expect(existsSync(single)).toBe(false);
    expect(await count('export_batches')).toBe(0);
    // A new path without an extension is a directory, created on the way.
    const fresh = join(dir, 'exports', 'datev');
    const intoNew = await exportNow(prisma, { format: 'datev', period: BOTH, out: fresh });
    expect(readdirSync(fresh).sort()).toEqual(intoNew.files.map((f) => f.batch.fileName).sort());
    await forgetExports(db.url);
    const csv = await exportNow(prisma, { format: 'csv', period: BOTH, out: single });
    expect(csv.files[0]!.batch.path).toBe(single);
    expect(readFileSync(single).equals(csv.files[0]!.bytes)).toBe(true);
  });
});

describe('an entry that changed after export', () => {
  const changed = new MirrorBuilder(uuid('org', 'reversal'), 'Reversal GmbH');
  const holder = changed.cardholder('x', 'Xaver', 'Huber', 'x@example.com');
  const card = changed.card('x', holder, '4711');
  changed.payment('2026-11-01', 'TOPUP', 100000);
  const purchase = changed.spend({
    date: '2026-11-03',
    card,
    amount: -11900,
    merchant: 'Bürobedarf Huber',
    category: 'OFFICE_SUPPLIES_AND_EQUIPMENT',
    receipts: 1,
  });
  changed.spend({ date: '2026-11-04', card, amount: -2500, merchant: 'Kaffee & Co', category: 'FOOD_AND_DRINKS' });
  const org = changed.organizationId;
  const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

  beforeAll(async () => {
    await insertMirror(db.url, changed.rows);
    await forgetExports(db.url);
  });

  it('is never rewritten: the next batch carries a reversal of what was exported and the new booking', async () => {
    const first = await exportNow(prisma, { format: 'datev', period: NOVEMBER, organizationId: org });
    expect(first.summary.entries.bookings).toBe(3);

    // The tenant recategorises the purchase in Pliant; the sync brings the change.
    await sql(
      db.url,
      "UPDATE transactions SET category = 'COMPUTING_AND_SOFTWARE', last_changed_at = '2026-11-20T08:00:00Z' WHERE id = (SELECT transaction_id FROM account_entries WHERE id = $1)",
      [purchase],
    );
    // A merchant name arriving late is information only: no rebooking for that.
    await sql(db.url, "UPDATE transactions SET merchant_name = 'Kaffee und Co' WHERE merchant_name = 'Kaffee & Co'");

    const second = await exportNow(prisma, { format: 'datev', period: NOVEMBER, organizationId: org });
    expect(second.summary.entries).toMatchObject({ bookings: 1, reversals: 1, alreadyExported: 2 });
    expect(second.summary.reconciliation[0]).toMatchObject({
      agrees: true,
      balanceChange: '856.00',
      exported: '856.00',
    });
    expectGolden(
      'reversal/datev',
      second.files.map((f) => ({ name: f.batch.fileName, bytes: f.bytes })),
    );
    const rows = decodeCp1252(second.files[0]!.bytes)
      .text.split('\r\n')
      .slice(2, -1)
      .map((l) => l.split(';'));
    // The reversal repeats the exported booking with Generalumkehr; the new booking follows.
    expect(rows.map((r) => [r[0], r[1], r[6], r[7], r[8], r[13], r[117]])).toEqual([
      ['119,00', '"H"', '1730', '4930', '"9"', '"Storno Bürobedarf Huber"', '"1"'],
      ['119,00', '"H"', '1730', '4964', '"9"', '"Bürobedarf Huber"', '""'],
    ]);

    const csv = await exportNow(prisma, { format: 'csv', period: NOVEMBER, organizationId: org });
    expect(csv.summary.entries).toMatchObject({ bookings: 3, reversals: 0 });

    expect((await exportNow(prisma, { format: 'datev', period: NOVEMBER, organizationId: org })).files).toEqual([]);
    const marks = await sql<{ revision: number; kind: string }>(
      db.url,
      "SELECT revision, kind FROM export_batch_entries WHERE entry_id = $1 AND format = 'datev' ORDER BY id",
      [purchase],
    );
    expect(marks).toEqual([
      { revision: 1, kind: 'booking' },
      { revision: 1, kind: 'reversal' },
      { revision: 2, kind: 'booking' },
    ]);

    // --all shows the period as it stands now: the current booking, no reversal. Revisions count per format:
    // DATEV got the purchase twice (revision 2), CSV once, after the change (revision 1).
    const all = await exportNow(prisma, { format: 'datev', period: NOVEMBER, organizationId: org, mode: 'all' });
    const text = decodeCp1252(all.files[0]!.bytes).text;
    expect(text).toContain(`"Pliant-Buchung";"${purchase}:2"`);
    expect(text).not.toContain('Storno');
    const allCsv = await exportNow(prisma, { format: 'csv', period: NOVEMBER, organizationId: org, mode: 'all' });
    const lines = allCsv.files[0]!.bytes.toString('utf8')
      .split('\r\n')
      .filter((l) => l.includes(purchase));
    expect(lines.map((l) => l.split(',').slice(3, 9))).toEqual([
      [`${purchase}:1`, `${purchase}:1:1`, '1', '1', 'booking', '1'],
      [`${purchase}:1`, `${purchase}:1:2`, '2', '1', 'booking', '1'],
    ]);

    // Changed once more: every format that has it gets its reversal (sides swapped) and the new booking.
    await sql(
      db.url,
      "UPDATE transactions SET category = 'ADVERTISING_AND_MARKETING', last_changed_at = '2026-11-25T08:00:00Z' WHERE id = (SELECT transaction_id FROM account_entries WHERE id = $1)",
      [purchase],
    );
    const csv2 = await exportNow(prisma, { format: 'csv', period: NOVEMBER, organizationId: org });
    expect(csv2.summary.entries).toMatchObject({ bookings: 1, reversals: 1 });
    const rows2 = csv2.files[0]!.bytes.toString('utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(','));
    expect(rows2.map((r) => [r[4], r[7], r[13], r[14], r[15], r[16]])).toEqual([
      [`${purchase}:1:S:1`, 'reversal', '4964', 'expense', '', '119.00'],
      [`${purchase}:1:S:2`, 'reversal', '1730', 'card', '119.00', ''],
      [`${purchase}:2:1`, 'booking', '4600', 'expense', '119.00', ''],
      [`${purchase}:2:2`, 'booking', '1730', 'card', '', '119.00'],
    ]);
    const hledger = await exportNow(prisma, { format: 'hledger', period: NOVEMBER, organizationId: org });
    expect(hledger.summary.entries).toMatchObject({ bookings: 3, reversals: 0 });
  });
});

describe('a refused export stores and writes nothing', () => {
  beforeEach(() => forgetExports(db.url));

  async function refused(
    mirror: MirrorBuilder,
    settings = settingsFrom('config-skr03.yaml'),
  ): Promise<ExportRefusedError> {
    await insertMirror(db.url, mirror.rows);
    const out = mkdtempSync(join(tmpdir(), 'export-refused-'));
    const error = await exportNow(prisma, {
      format: 'datev',
      period: { from: '2026-12-01', to: '2026-12-31' },
      organizationId: mirror.organizationId,
      settings,
      out,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportRefusedError);
    expect(await count('export_batches')).toBe(0);
    expect(readdirSync(out)).toEqual([]);
    return error as ExportRefusedError;
  }

  it('when an entry does not balance (its transaction says another amount), naming the entry', async () => {
    const m = new MirrorBuilder(uuid('org', 'unbalanced'), 'Unbalanced GmbH');
    const card = m.card('c', null, '1111');
    m.spend({ date: '2026-12-01', card, amount: -1000 });
    const bad = m.spend({ date: '2026-12-02', card, amount: -2000 });
    m.rows.transactions.find(
      (t) => t.id === m.rows.account_entries.find((e) => e.id === bad)!.transaction_id,
    )!.billing_amount = -1999n;
    const error = await refused(m);
    expect(error.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^entry ${bad} \\(index 2, booked 2026-12-02, TRANSACTION/PURCHASE\\) does not balance: debits 19.99 EUR, credits 20.00 EUR$`,
        ),
      ),
    ]);
    expect(error.message).toMatch(
      /^Export refused: some entries cannot be booked as they are\. Nothing was written or marked\./,
    );
  });

  it('when an entry has a type nobody mapped; EXPORT_CONFIG can map it', async () => {
    const m = new MirrorBuilder(uuid('org', 'unknown'), 'Unknown GmbH');
    const odd = m.entry({ type: 'INTEREST', date: '2026-12-03', amount: -300, created: '2026-12-03T10:00:00Z' });
    const error = await refused(m);
    expect(error.problems).toEqual([
      expect.stringContaining(
        `entry ${odd} (index 1, booked 2026-12-03, INTEREST): its type INTEREST is not one the exporter knows how to book`,
      ),
    ]);
    const mapped = await exportNow(prisma, {
      format: 'datev',
      period: { from: '2026-12-01', to: '2026-12-31' },
      organizationId: m.organizationId,
      settings: parseExportSettings(
        'entryTypes:\n  INTEREST: { account: "2100" }\ndatev: { beraternummer: 29098, mandantennummer: 55003 }\n',
        'x.yaml',
      ),
    });
    expect(mapped.summary.entries.bookings).toBe(1);
  });

  it('when the card account does not reconcile: a balance that does not follow the amounts', async () => {
    const m = new MirrorBuilder(uuid('org', 'drift'), 'Drift GmbH');
    const card = m.card('c', null, '2222');
    m.spend({ date: '2026-12-01', card, amount: -1000 });
    const second = m.spend({ date: '2026-12-02', card, amount: -2000 });
    m.rows.account_entries.find((e) => e.id === second)!.balance_after = -3500n;
    const error = await refused(m);
    expect(error.reason).toBe('the export does not balance or does not reconcile with the card account');
    expect(error.problems).toEqual([
      `organization ${m.organizationId}, card account ${m.cardAccountId}: the balance changed by -35.00 EUR over the period, the exported entries sum to -30.00 EUR`,
      `entry ${second} (index 2, card account ${m.cardAccountId}): the balance moved by -25.00 EUR, the export books -20.00 EUR on the card account`,
    ]);
  });

  it('when the mirror lacks an entry of the card account (a gap in the index)', async () => {
    const m = new MirrorBuilder(uuid('org', 'gap'), 'Gap GmbH');
    const card = m.card('c', null, '3333');
    m.spend({ date: '2026-12-01', card, amount: -1000 });
    const missing = m.spend({ date: '2026-12-02', card, amount: -500 });
    const after = m.spend({ date: '2026-12-03', card, amount: -700 });
    m.rows.account_entries = m.rows.account_entries.filter((e) => e.id !== missing);
    const error = await refused(m);
    expect(error.problems).toEqual([
      expect.stringContaining(
        `entry ${after} (index 3, card account ${m.cardAccountId}): the mirror lacks entry index 2 before it`,
      ),
    ]);
  });

  it('when an entry names a transaction the mirror does not hold', async () => {
    const m = new MirrorBuilder(uuid('org', 'missing-tx'), 'Missing GmbH');
    const card = m.card('c', null, '4444');
    const lonely = m.spend({ date: '2026-12-05', card, amount: -100 });
    const txId = m.rows.account_entries.find((e) => e.id === lonely)!.transaction_id;
    m.rows.transactions = [];
    const error = await refused(m);
    expect(error.problems).toEqual([
      expect.stringContaining(
        `entry ${lonely} (index 1, booked 2026-12-05, TRANSACTION/PURCHASE): its transaction ${txId} is not in the mirror: run sync first`,
      ),
    ]);
  });

  it('when DATEV cannot hold an entry: a card account in another currency than the files book', async () => {
    const m = new MirrorBuilder(uuid('org', 'usd'), 'Dollar Inc');
    const card = m.card('c', null, '5555');
    const usd = m.spend({ date: '2026-12-07', card, amount: -1500 });
    m.rows.account_entries.find((e) => e.id === usd)!.currency = 'USD';
    m.rows.transactions[0]!.billing_currency = 'USD';
    const error = await refused(m);
    expect(error.reason).toBe('some entries cannot be written as datev');
    expect(error.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^entry ${usd} \\(${usd}:1, booked 2026-12-07, TRANSACTION/PURCHASE\\) is booked in USD, but DATEV files here book EUR`,
        ),
      ),
    ]);
    // CSV has no such limit.
    const csv = await exportNow(prisma, {
      format: 'csv',
      period: { from: '2026-12-01', to: '2026-12-31' },
      organizationId: m.organizationId,
    });
    expect(csv.summary.debit).toEqual({ USD: '15.00' });
  });

  it('refuses an unknown --org as a usage error', async () => {
    await expect(exportNow(prisma, { format: 'csv', period: OCTOBER, organizationId: 'no-such-org' })).rejects.toThrow(
      /--org no-such-org: no such organization in the mirror/,
    );
  });
});
