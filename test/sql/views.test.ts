/**
 * The accountants' views (docs/sql.md) on the simulator's data, synced with receipts: each one
 * checked against the simulator's own records or the base tables; journal_lines before any
 * export, after exports, for entries only previewed, and after a rebooking; every example query
 * of docs/sql.md; and the same results on PGlite.
 */
import { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

import { readMigrations } from '../../src/db/migrate.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { presetSettings, runExport, type ExportFormat, type ExportResult } from '../../src/export/index.js';
import { formatMinor, minorDigits } from '../../src/export/money.js';
import { startSimulator } from '../../src/simulator/index.js';
import { createTestDatabase, prismaFor, type TestDatabase } from '../helpers/db.js';
import { readTruth } from '../helpers/sim-truth.js';
import { SIM_NOW, type Simulator } from '../helpers/sync-harness.js';
import {
  receiptOptions,
  removeTempStores,
  simReceipts,
  syncWithReceipts,
  tempStore,
  UNLIMITED,
} from '../receipts/support.js';
import {
  copyInto,
  daysBetween,
  docQueries,
  documentedColumns,
  expectedEntry,
  expectedMissing,
  expectedMonthlyTotals,
  indexTruth,
  major,
  textDatesClient,
  type Indexed,
} from './views-support.js';

let sim: Simulator;
let db: TestDatabase;
let client: pg.Client;
let prisma: PrismaClient;
let t: Indexed;

const MAY = { from: '2026-05-01', to: '2026-05-31' };
const JUNE = { from: '2026-06-01', to: '2026-06-30' };
const VIEWS = ['booked_entries', 'journal_lines', 'missing_receipts', 'monthly_totals'];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, orgs: 2, days: 60, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
  const sync = await syncWithReceipts(sim, db.url, receiptOptions(tempStore()));
  expect(sync.status).toBe('succeeded');
  const live = new Map<string, number>();
  for (const r of simReceipts(sim).values())
    if (!r.deleted) live.set(r.transactionId, (live.get(r.transactionId) ?? 0) + 1);
  t = indexTruth(await readTruth(sim.apiUrl, sim.tokenUrl), live);
  client = textDatesClient(db.url);
  await client.connect();
  prisma = prismaFor(db.url);
}, 120_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await client?.end();
  await sim?.close();
  await db?.drop();
  removeTempStores();
});

const rows = async <T = Record<string, any>>(text: string, params: unknown[] = []): Promise<T[]> =>
  (await client.query(text, params)).rows as T[];
const exportNow = (
  format: ExportFormat,
  period: { from: string; to: string },
  mode: 'new' | 'all' = 'new',
  organizationId?: string,
): Promise<ExportResult> =>
  runExport(prisma, {
    format,
    period,
    mode,
    settings: presetSettings('SKR03'),
    timeZone: 'Europe/Berlin',
    organizationId,
  });
const inPeriod = (p: { from: string; to: string }) =>
  t.entries
    .filter((e) => e.bookingDate >= p.from && e.bookingDate <= p.to && e.amount.value !== 0)
    .map((e) => e.id)
    .sort();
const linesOf = (where: string, params: unknown[] = []) =>
  rows(
    `SELECT entry_id, booking_date, line_no, account, contra_account, side, amount::text, amount_major::text, currency, tax_key, cost_center, text,
               exported_batch_id::text, exported_format, revision, pair, role FROM journal_lines WHERE ${where} ORDER BY entry_id, line_no`,
    params,
  );
const entryIds = (lines: Record<string, any>[]) => [...new Set(lines.map((l) => l.entry_id as string))].sort();

/** Per entry: Σ S = Σ H; the card lines move the card account by the entry's amount; contra = the pair's other line. */
function journalProblems(lines: Record<string, any>[]): string[] {
  const problems: string[] = [];
  const amounts = new Map(t.entries.map((e) => [e.id as string, BigInt(e.amount.value)]));
  const byEntry = new Map<string, Record<string, any>[]>();
  for (const l of lines) byEntry.set(l.entry_id, [...(byEntry.get(l.entry_id) ?? []), l]);
  for (const [id, ls] of byEntry) {
    const sum = (side: string) => ls.filter((l) => l.side === side).reduce((n, l) => n + BigInt(l.amount), 0n);
    if (sum('S') !== sum('H')) problems.push(`${id}: S ${sum('S')} ≠ H ${sum('H')}`);
    const card = ls
      .filter((l) => l.role === 'card')
      .reduce((n, l) => n + (l.side === 'S' ? 1n : -1n) * BigInt(l.amount), 0n);
    if (card !== amounts.get(id)) problems.push(`${id}: card lines ${card}, entry ${amounts.get(id)}`);
    for (const l of ls) {
      const other = ls.find((o) => o.pair === l.pair && o.side !== l.side);
      if (!['S', 'H'].includes(l.side) || l.contra_account !== other?.account)
        problems.push(`${id} line ${l.line_no}: side ${l.side}, contra ${l.contra_account}`);
      if (l.amount_major !== major(l.amount, l.currency))
        problems.push(`${id} line ${l.line_no}: ${l.amount_major} for ${l.amount} ${l.currency}`);
    }
  }
  return problems;
}

describe('money in major units', () => {
  it('to_major and currency_minor_units agree with the exporter, digit for digit', async () => {
    expect(
      await rows(
        `SELECT to_major(1234, 'EUR')::text AS eur, to_major(1234, 'JPY')::text AS jpy, to_major(1234, 'BHD')::text AS bhd, to_major(-5, 'KWD')::text AS kwd`,
      ),
    ).toEqual([{ eur: '12.34', jpy: '1234', bhd: '1.234', kwd: '-0.005' }]);
    const codes = [
      'EUR',
      'USD',
      'CHF',
      'JPY',
      'KRW',
      'VND',
      'BHD',
      'KWD',
      'JOD',
      'OMR',
      'TND',
      'IQD',
      'LYD',
      'CLF',
      'XXX',
      'jpy',
      'bhd',
    ];
    const amounts = ['0', '1', '-1', '99', '100', '-1234', '123456789012', '9223372036854775807'];
    const got = await rows<{ a: string; c: string; m: string; d: number }>(
      'SELECT a::text, c, to_major(a, c)::text AS m, currency_minor_units(c) AS d FROM unnest($1::bigint[]) a CROSS JOIN unnest($2::text[]) c',
      [amounts, codes],
    );
    expect(got).toHaveLength(codes.length * amounts.length);
    expect(got.filter((r) => r.m !== formatMinor(BigInt(r.a), minorDigits(r.c)) || r.d !== minorDigits(r.c))).toEqual(
      [],
    );
  });
});

describe('booked_entries', () => {
  it('has one row per account entry, with its transaction, card, cardholder, original amount and receipts as the simulator has them', async () => {
    const got = new Map((await rows('SELECT * FROM booked_entries')).map((r) => [r.entry_id as string, r]));
    expect(got.size).toBe(t.entries.length);
    expect((await rows('SELECT count(*)::int AS n FROM account_entries'))[0]!.n).toBe(t.entries.length);
    const wrong: string[] = [];
    for (const e of t.entries) {
      const want = expectedEntry(t, e);
      const row = got.get(e.id) ?? {};
      for (const [k, v] of Object.entries(want))
        if (row[k] !== v) wrong.push(`${e.id} ${k}: ${JSON.stringify(row[k])} ≠ ${JSON.stringify(v)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    // The data set exercises what the check is for.
    const fx = [...got.values()].filter((r) => r.original_currency);
    expect(fx.find((r) => r.original_currency === 'JPY')?.original_amount_major).toMatch(/^-\d+$/);
    expect(fx.find((r) => r.original_currency === 'BHD')?.original_amount_major).toMatch(/^-\d+\.\d{3}$/);
    expect([...got.values()].filter((r) => r.receipt_count > 1).length).toBeGreaterThan(0);
    expect([...got.values()].filter((r) => r.bill_payment_id).length).toBeGreaterThan(0);
  });

  it('shows a JPY and a KWD card account in their own decimals, in monthly_totals too', async () => {
    await rolledBack(async () => {
      await client.query(`
        INSERT INTO account_entries (id, organization_id, card_account_id, entry_index, type, booking_date, amount, currency, balance_after, raw)
        VALUES ('x-jpy', 'org-x', 'acc-jpy', 1, 'BILL_PAYMENT', '2026-03-02', -1234, 'JPY', 5000, '{}'),
               ('x-kwd', 'org-x', 'acc-kwd', 1, 'BILL_PAYMENT', '2026-03-02', -1234, 'KWD', 5000, '{}'),
               ('x-kwd2', 'org-x', 'acc-kwd', 2, 'BILL_PAYMENT', '2026-03-20', 34, 'KWD', 5034, '{}')`);
      expect(
        await rows(
          `SELECT entry_id, amount_major::text, balance_after_major::text FROM booked_entries WHERE organization_id = 'org-x' ORDER BY 1`,
        ),
      ).toEqual([
        { entry_id: 'x-jpy', amount_major: '-1234', balance_after_major: '5000' },
        { entry_id: 'x-kwd', amount_major: '-1.234', balance_after_major: '5.000' },
        { entry_id: 'x-kwd2', amount_major: '0.034', balance_after_major: '5.034' },
      ]);
      expect(
        await rows(
          `SELECT month, currency, entries, amount::text, amount_major::text FROM monthly_totals WHERE organization_id = 'org-x' ORDER BY currency`,
        ),
      ).toEqual([
        { month: '2026-03-01', currency: 'JPY', entries: 1, amount: '-1234', amount_major: '-1234' },
        { month: '2026-03-01', currency: 'KWD', entries: 2, amount: '-1200', amount_major: '-1.200' },
      ]);
    });
  });
});

/** Runs `fn` in a transaction that is rolled back: the synced data stays as it was. */
async function rolledBack(fn: () => Promise<void>): Promise<void> {
  await client.query('BEGIN');
  try {
    await fn();
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('receipts in the views', () => {
  it('a deleted receipt no longer counts, and its purchase shows in missing_receipts', async () => {
    const [tx] = await rows<{ transaction_id: string; entry_id: string }>(`
      SELECT transaction_id, entry_id FROM booked_entries
      WHERE receipt_count = 1 AND transaction_type = 'PURCHASE' AND NOT platform_fee AND receipt_needed ORDER BY 1 LIMIT 1`);
    await rolledBack(async () => {
      await client.query('UPDATE receipts SET deleted_at = now() WHERE transaction_id = $1', [tx!.transaction_id]);
      expect(await rows('SELECT receipt_count FROM booked_entries WHERE entry_id = $1', [tx!.entry_id])).toEqual([
        { receipt_count: 0 },
      ]);
      expect(
        await rows('SELECT entry_id FROM missing_receipts WHERE transaction_id = $1', [tx!.transaction_id]),
      ).toEqual([{ entry_id: tx!.entry_id }]);
    });
  });
});

describe('monthly_totals', () => {
  it('sums every entry per organization, month, category and currency', async () => {
    const want = expectedMonthlyTotals(t);
    const got = await rows<{
      organization_id: string;
      month: string;
      category: string | null;
      currency: string;
      entries: number;
      amount: string;
      amount_major: string;
    }>('SELECT * FROM monthly_totals');
    expect(new Set(got.map((r) => r.month))).toEqual(new Set(['2026-05-01', '2026-06-01']));
    const asMap = new Map(
      got.map((r) => [
        [r.organization_id, r.month, r.category ?? '', r.currency].join('|'),
        [r.entries, BigInt(r.amount)] as [number, bigint],
      ]),
    );
    expect(asMap).toEqual(want);
    expect(got.filter((r) => r.amount_major !== major(r.amount, r.currency))).toEqual([]);
  });
});

describe('missing_receipts', () => {
  it('keeps its columns and adds cardholder, card, major amount and days outstanding', async () => {
    const columns = (
      await rows<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'missing_receipts' ORDER BY ordinal_position`,
      )
    ).map((r) => r.c);
    expect(columns.slice(0, 14)).toEqual([
      'organization_id',
      'transaction_id',
      'entry_id',
      'booking_date',
      'amount',
      'currency',
      'merchant_name',
      'category',
      'card_id',
      'cardholder_id',
      'cardholder_first_name',
      'cardholder_last_name',
      'cardholder_email',
      'receipt_needed',
    ]);
    const today = (await rows<{ d: string }>('SELECT current_date::text AS d'))[0]!.d;
    const want = expectedMissing(t);
    expect(want.length).toBeGreaterThan(10);
    const got = new Map((await rows('SELECT * FROM missing_receipts')).map((r) => [r.entry_id as string, r]));
    expect([...got.keys()].sort()).toEqual(want.map((e) => e.id).sort());
    const wrong = want.flatMap((e) => {
      const x = expectedEntry(t, e);
      const row = got.get(e.id)!;
      const expected = {
        transaction_id: x.transaction_id,
        amount_major: x.amount_major,
        cardholder_name: x.cardholder_name,
        card_ref_num: x.card_ref_num,
        days_outstanding: daysBetween(e.bookingDate, today),
      };
      return Object.entries(expected)
        .filter(([k, v]) => row[k] !== v)
        .map(([k, v]) => `${e.id} ${k}: ${row[k]} ≠ ${v}`);
    });
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});

describe('journal_lines', () => {
  let june: Record<string, any>[];

  it('is empty before any export has read the entries', async () => {
    expect(await rows('SELECT count(*)::int AS n FROM journal_lines')).toEqual([{ n: 0 }]);
  });

  it('shows what an export delivered, balanced, with its batch', async () => {
    const result = await exportNow('datev', MAY);
    const batches = result.summary.batches.map((b) => String(b.id));
    expect(batches.length).toBeGreaterThan(0);
    const lines = await linesOf('true');
    expect(entryIds(lines)).toEqual(inPeriod(MAY));
    expect(lines).toHaveLength(result.summary.lines);
    expect(
      lines.filter((l) => !batches.includes(l.exported_batch_id) || l.exported_format !== 'datev' || l.revision !== 1),
    ).toEqual([]);
    expect(journalProblems(lines)).toEqual([]);
    const sum = (side: string) =>
      formatMinor(
        lines.filter((l) => l.side === side).reduce((n, l) => n + BigInt(l.amount), 0n),
        2,
      );
    expect([{ EUR: sum('S') }, { EUR: sum('H') }]).toEqual([result.summary.debit, result.summary.credit]);
  });

  it('shows entries never exported as the exporter would book them, without a batch', async () => {
    await exportNow('csv', JUNE, 'all');
    expect(
      await rows(`SELECT count(*)::int AS n FROM export_batch_entries WHERE booking_date >= '2026-06-01'`),
    ).toEqual([{ n: 0 }]);
    june = await linesOf('booking_date >= $1', [JUNE.from]);
    expect(entryIds(june)).toEqual(inPeriod(JUNE));
    expect(
      june.filter((l) => l.exported_batch_id !== null || l.exported_format !== null || l.revision !== null),
    ).toEqual([]);
    expect(journalProblems(june)).toEqual([]);
    // May still shows the DATEV batch.
    expect(await rows(`SELECT DISTINCT exported_format FROM journal_lines WHERE booking_date <= $1`, [MAY.to])).toEqual(
      [{ exported_format: 'datev' }],
    );
  });

  it('previews exactly what the next export then delivers', async () => {
    // One organization only: the other one's June stays unexported, for the example queries.
    const org = t.entries[0]!.organizationId as string;
    const result = await exportNow('datev', JUNE, 'new', org);
    const batches = result.summary.batches.map((b) => String(b.id));
    const after = await linesOf('booking_date >= $1', [JUNE.from]);
    const exported = after.filter((l) => l.exported_batch_id !== null);
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((l) => !batches.includes(l.exported_batch_id))).toEqual([]);
    expect(entryIds(exported)).toEqual(
      inPeriod(JUNE).filter((id) => t.entries.find((e) => e.id === id)!.organizationId === org),
    );
    const meaning = (ls: Record<string, any>[]) =>
      ls.map(({ exported_batch_id: _b, exported_format: _f, revision: _r, ...rest }) => rest);
    expect(meaning(after)).toEqual(meaning(june));
  });

  it('after a rebooking shows the new booking of the latest batch', async () => {
    const [entry] = await rows<{ entry_id: string; transaction_id: string }>(
      `
      SELECT entry_id, transaction_id FROM booked_entries
      WHERE category = 'FOOD_AND_DRINKS' AND transaction_type = 'PURCHASE' AND NOT platform_fee AND booking_date <= $1 ORDER BY entry_id LIMIT 1`,
      [MAY.to],
    );
    const before = await linesOf('entry_id = $1', [entry!.entry_id]);
    expect(before.map((l) => l.account)).toEqual(['4650', '1730']);
    await client.query(
      `UPDATE transactions SET category = 'COMPUTING_AND_SOFTWARE', last_changed_at = now() WHERE id = $1`,
      [entry!.transaction_id],
    );
    const result = await exportNow('datev', MAY);
    expect(result.summary.entries).toMatchObject({ bookings: 1, reversals: 1 });
    const now = await linesOf('entry_id = $1', [entry!.entry_id]);
    expect(now.map((l) => [l.account, l.contra_account, l.side, l.revision, l.exported_batch_id])).toEqual([
      ['4964', '1730', 'S', 2, String(result.summary.batches[0]!.id)],
      ['1730', '4964', 'H', 2, String(result.summary.batches[0]!.id)],
    ]);
    expect(journalProblems(await linesOf('true'))).toEqual([]);
  });

  it('shows nothing for an entry whose latest record is a reversal', async () => {
    const [line] = await rows<{ entry_id: string; organization_id: string }>(
      'SELECT entry_id, organization_id FROM journal_lines WHERE exported_batch_id IS NOT NULL ORDER BY 1 LIMIT 1',
    );
    await rolledBack(async () => {
      const [batch] = await rows<{ id: string }>(
        `
        INSERT INTO export_batches (format, organization_id, period_from, period_to, mode, file_name, sha256, size_bytes, content, entry_count, line_count, summary)
        VALUES ('csv', $1, '2026-05-01', '2026-05-31', 'new', 'x.csv', repeat('0', 64), 0, '', 1, 2, '{}') RETURNING id::text`,
        [line!.organization_id],
      );
      await client.query(
        `
        INSERT INTO export_batch_entries (batch_id, format, organization_id, entry_id, revision, kind, fingerprint, booking_date, journal)
        SELECT $1, 'csv', organization_id, entry_id, 1, 'reversal', fingerprint, booking_date, journal FROM export_batch_entries WHERE entry_id = $2 LIMIT 1`,
        [batch!.id, line!.entry_id],
      );
      expect(await rows('SELECT count(*)::int AS n FROM journal_lines WHERE entry_id = $1', [line!.entry_id])).toEqual([
        { n: 0 },
      ]);
    });
    expect(
      (await rows('SELECT count(*)::int AS n FROM journal_lines WHERE entry_id = $1', [line!.entry_id]))[0]!.n,
    ).toBeGreaterThan(0);
  });
});

describe('docs/sql.md', () => {
  it('documents every column of every view, in order', async () => {
    for (const view of VIEWS) {
      const columns = (
        await rows<{ c: string }>(
          `SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
          [view],
        )
      ).map((r) => r.c);
      expect(columns.length).toBeGreaterThan(5);
      expect([view, documentedColumns(view)]).toEqual([view, columns]);
    }
  });

  it('has at least ten example queries, and each runs and returns rows', async () => {
    const queries = docQueries();
    expect(queries.length).toBeGreaterThanOrEqual(10);
    const empty: string[] = [];
    for (const q of queries) {
      const result = await client.query(q.sql).catch((error: Error) => {
        throw new Error(`"${q.title}" fails: ${error.message}`);
      });
      if (result.rows.length === 0) empty.push(q.title);
    }
    expect(empty).toEqual([]);
  });

  it('the reconciliation query finds no mismatch and no gap', async () => {
    const query = docQueries().find((q) => q.title.includes('Reconciliation'))!;
    const got = await rows(query.sql);
    expect(got.length).toBeGreaterThan(0);
    expect(got.filter((r) => r.booked !== r.balance_moved || r.mismatches !== '0' || r.gaps !== '0')).toEqual([]);
  });
});

describe('on PGlite', () => {
  it('the migrations build the same views, and they answer the same', async () => {
    const lite = new PGlite();
    try {
      for (const m of readMigrations()) await lite.exec(m.sql);
      await copyInto(lite, client, [
        'organizations',
        'cardholders',
        'cards',
        'transactions',
        'bill_payments',
        'account_entries',
        'receipts',
        'export_batches',
        'export_batch_entries',
        'export_journal_previews',
      ]);
      await client.query(`SET TimeZone = 'UTC'`);
      await lite.exec(`SET TimeZone = 'UTC'`);
      for (const view of VIEWS) {
        const sql = `SELECT v::text AS r FROM ${view} v`;
        const server = (await rows<{ r: string }>(sql)).map((r) => r.r).sort();
        const embedded = (await lite.query<{ r: string }>(sql)).rows.map((r) => r.r).sort();
        expect(server.length).toBeGreaterThan(0);
        expect([view, embedded]).toEqual([view, server]);
      }
      for (const q of docQueries()) expect((await lite.query(q.sql)).rows.length).toBeGreaterThan(0);
    } finally {
      await lite.close();
    }
  }, 120_000);
});
