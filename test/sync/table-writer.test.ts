/**
 * The page upsert, against a real database (the server or PGlite, whichever the run uses:
 * `TEST_DATABASE`): inserted, updated and unchanged counts, which rows it rewrites, nulls,
 * jsonb, bigint beyond 2^53, timestamps in other zones and precisions, odd identifiers, and the
 * statement it builds for each column type.
 */
import { describe, expect, it } from '@jest/globals';

import type { PrismaClient } from '../../src/db/prisma.js';
import { accountEntriesStream } from '../../src/streams/account-entries.js';
import {
  upsertRows,
  upsertStatement,
  type ColumnType,
  type Row,
  type RowValue,
  type TableSpec,
  type WriteCounts,
} from '../../src/sync/table-writer.js';
import { prismaFor, testDatabases, withClient, type TestDatabase } from '../helpers/db.js';

/** One column of every type, a reserved word and a name with a double quote. */
const PROBE: TableSpec = {
  table: 'writer_probe',
  columns: {
    label: 'text',
    amount: 'bigint',
    count: 'integer',
    flag: 'boolean',
    day: 'date',
    at: 'timestamptz',
    currency: 'char(3)',
    sha: 'char(64)',
    order: 'text',
    'we"ird': 'text',
    raw: 'jsonb',
  },
};

const CREATE_PROBE = `
  CREATE TABLE writer_probe (
    id text PRIMARY KEY, label text, amount bigint, count integer, flag boolean, day date, at timestamptz,
    currency char(3), sha char(64), "order" text, "we""ird" text, raw jsonb NOT NULL,
    first_seen_at timestamptz NOT NULL DEFAULT now(), last_changed_at timestamptz NOT NULL DEFAULT now())`;

/** Long ago, so that a rewritten row shows by its last_changed_at. */
const STALE = '2000-01-01T00:00:00Z';
const SHA = 'ab'.repeat(32);
const BEYOND_2_53 = '9007199254740993'; // 2^53 + 1: a JS number would read 9007199254740992

const databases = testDatabases();
let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await databases.fresh();
  prisma = prismaFor(db.url);
  await withClient(db.url, (c) => c.query(CREATE_PROBE));
});
afterAll(() => prisma?.$disconnect());
beforeEach(() => withClient(db.url, (c) => c.query('TRUNCATE writer_probe')));

const write = (rows: Row[], spec: TableSpec = PROBE): Promise<WriteCounts> =>
  prisma.$transaction((tx) => upsertRows(tx, spec, rows));

const row = (id: string, change: Record<string, RowValue | bigint | undefined> = {}): Row =>
  ({
    id,
    label: 'Ada',
    amount: '-617',
    count: 1,
    flag: true,
    day: '2025-05-21',
    at: '2025-05-21T12:34:56.123456Z',
    currency: 'EUR',
    sha: SHA,
    order: 'first',
    'we"ird': 'odd',
    raw: { id, amount: { value: -617, currency: 'EUR' } },
    ...change,
  }) as Row;

interface Stored {
  id: string;
  label: string | null;
  amount: string | null;
  count: number | null;
  flag: boolean | null;
  day: string | null;
  at: string | null;
  currency: string | null;
  sha: string | null;
  order: string | null;
  weird: string | null;
  raw: unknown;
  rewritten: boolean;
  first_seen_kept: boolean;
}

/** Every row, with its values as text where pg and PGlite would parse them differently. */
const stored = (): Promise<Stored[]> =>
  withClient(db.url, async (c) => {
    const { rows } = await c.query(`
      SELECT id, label, amount::text AS amount, count, flag, day::text AS day,
             to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS at, currency, sha, "order", "we""ird" AS weird, raw,
             last_changed_at > '${STALE}'::timestamptz AS rewritten, first_seen_at = '${STALE}'::timestamptz AS first_seen_kept
        FROM writer_probe ORDER BY id`);
    return rows as Stored[];
  });
const storedRow = async (id: string): Promise<Stored> => {
  const found = (await stored()).find((r) => r.id === id);
  if (!found) throw new Error(`row ${id} was not written`);
  return found;
};
const markStale = (): Promise<unknown> =>
  withClient(db.url, (c) =>
    c.query(`UPDATE writer_probe SET first_seen_at = '${STALE}', last_changed_at = '${STALE}'`),
  );

describe('counts and rewrites', () => {
  // [label, rows already stored, the page written, its counts, the ids rewritten (inserted or updated)]
  it.each<[string, Row[], Row[], WriteCounts, string[]]>([
    ['new rows', [], [row('a'), row('b'), row('c')], { inserted: 3, updated: 0, unchanged: 0 }, ['a', 'b', 'c']],
    ['the same rows again', [row('a'), row('b')], [row('a'), row('b')], { inserted: 0, updated: 0, unchanged: 2 }, []],
    [
      'one changed, one the same, one new',
      [row('a'), row('b')],
      [row('a', { label: 'Grace' }), row('b'), row('c')],
      { inserted: 1, updated: 1, unchanged: 1 },
      ['a', 'c'],
    ],
    ['a value set to null', [row('a')], [row('a', { label: null })], { inserted: 0, updated: 1, unchanged: 0 }, ['a']],
    [
      'null staying null',
      [row('a', { label: null, amount: null })],
      [row('a', { label: null, amount: null })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'null set to a value',
      [row('a', { flag: null })],
      [row('a', { flag: false })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    ['true to false', [row('a')], [row('a', { flag: false })], { inserted: 0, updated: 1, unchanged: 0 }, ['a']],
    [
      'a column the page leaves out (written as null)',
      [row('a')],
      [row('a', { label: undefined })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    [
      'only raw changed',
      [row('a')],
      [row('a', { raw: { id: 'a', amount: { value: -617, currency: 'EUR' }, note: 'new field' } })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    [
      'raw with its keys in another order (the same jsonb)',
      [row('a')],
      [row('a', { raw: { amount: { currency: 'EUR', value: -617 }, id: 'a' } })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'raw differing in a nested array',
      [row('a', { raw: { list: [1, 2] } })],
      [row('a', { raw: { list: [2, 1] } })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    [
      'a timestamp spelt in another zone (the same instant)',
      [row('a')],
      [row('a', { at: '2025-05-21T14:34:56.123456+02:00' })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'a timestamp with trailing zeros (the same instant)',
      [row('a')],
      [row('a', { at: '2025-05-21T12:34:56.123456000Z' })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'a timestamp a microsecond later',
      [row('a')],
      [row('a', { at: '2025-05-21T12:34:56.123457Z' })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    [
      'a bigint as a number or as text (the same value)',
      [row('a', { amount: '100' })],
      [row('a', { amount: 100 })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'a bigint beyond 2^53 changed by one',
      [row('a', { amount: BEYOND_2_53 })],
      [row('a', { amount: '9007199254740992' })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    [
      'a JS bigint equal to the stored text',
      [row('a', { amount: BEYOND_2_53 })],
      [row('a', { amount: BigInt(BEYOND_2_53) })],
      { inserted: 0, updated: 0, unchanged: 1 },
      [],
    ],
    [
      'a date as a different day',
      [row('a')],
      [row('a', { day: '2025-05-22' })],
      { inserted: 0, updated: 1, unchanged: 0 },
      ['a'],
    ],
    // PostgreSQL refuses to touch a row twice in one statement: the page's last version of an id is written.
    [
      'an id twice in one new page',
      [],
      [row('a', { label: 'first' }), row('a', { label: 'last' })],
      { inserted: 1, updated: 0, unchanged: 1 },
      ['a'],
    ],
    [
      'an id twice in a page, already stored',
      [row('a')],
      [row('a'), row('a', { label: 'last' })],
      { inserted: 0, updated: 1, unchanged: 1 },
      ['a'],
    ],
    ['an empty page', [row('a')], [], { inserted: 0, updated: 0, unchanged: 0 }, []],
  ])('%s', async (_label, before, page, counts, rewritten) => {
    if (before.length > 0) await write(before);
    await markStale();
    await expect(write(page)).resolves.toEqual(counts);
    const rows = await stored();
    expect(rows.filter((r) => r.rewritten).map((r) => r.id)).toEqual(rewritten);
    // first_seen_at is the insert's: an update keeps it.
    for (const r of rows) expect(r.first_seen_kept).toBe(before.some((b) => b.id === r.id));
    const lastOf = new Map(page.map((r) => [r.id, r]));
    for (const [id, written] of lastOf) expect((await storedRow(id)).label).toBe(written.label ?? null);
  });
});

describe('values as stored', () => {
  // [column, value in the row, as read back (bigint and date as text, timestamps in UTC to the microsecond)]
  it.each<[keyof Stored, RowValue | bigint | undefined, unknown]>([
    ['amount', BEYOND_2_53, BEYOND_2_53],
    ['amount', BigInt(BEYOND_2_53), BEYOND_2_53],
    ['amount', '9223372036854775807', '9223372036854775807'],
    ['amount', '-9223372036854775808', '-9223372036854775808'],
    ['amount', -617, '-617'],
    ['amount', '0', '0'],
    ['amount', null, null],
    ['count', 2_147_483_647, 2_147_483_647],
    ['count', '-5', -5],
    ['flag', false, false],
    ['flag', true, true],
    ['flag', null, null],
    ['day', '2024-02-29', '2024-02-29'],
    ['day', null, null],
    ['at', '2025-05-21T12:34:56Z', '2025-05-21T12:34:56.000000'],
    ['at', '2025-05-21T14:34:56.5+02:00', '2025-05-21T12:34:56.500000'],
    ['at', '2025-05-21T10:04:56.25-02:30', '2025-05-21T12:34:56.250000'],
    ['at', '2025-05-21T12:34:56.1Z', '2025-05-21T12:34:56.100000'],
    // PostgreSQL keeps microseconds: nine digits are rounded (the text stays exact in raw).
    ['at', '2025-05-21T12:34:56.123456789Z', '2025-05-21T12:34:56.123457'],
    ['at', '2025-05-21', '2025-05-21T00:00:00.000000'],
    ['at', null, null],
    ['currency', 'JPY', 'JPY'],
    ['currency', null, null],
    ['sha', SHA, SHA],
    ['label', '', ''],
    ['label', `O'Brien "the \\ one" ü € 🙂`, `O'Brien "the \\ one" ü € 🙂`],
    ['label', 5812, '5812'],
    ['label', undefined, null],
    ['order', 'a reserved word as a column', 'a reserved word as a column'],
    ['weird', 'a "quoted" column name', 'a "quoted" column name'],
    [
      'raw',
      { a: { b: [1, '2', null, true, 1.5] }, empty: {}, none: null },
      { a: { b: [1, '2', null, true, 1.5] }, empty: {}, none: null },
    ],
    [
      'raw',
      { big: 12_345_678_901_234_567_890n, nested: [{ n: 2n }] },
      { big: '12345678901234567890', nested: [{ n: '2' }] },
    ],
    ['raw', { quote: `"'\\ ü € \u0001` }, { quote: `"'\\ ü € \u0001` }],
    ['raw', [1, 'two'], [1, 'two']],
    ['raw', 'just text', 'just text'],
    ['raw', 42, 42],
  ])('%s given %p reads back %p', async (column, value, expected) => {
    const key = column === 'weird' ? 'we"ird' : column;
    await expect(write([row('v', { [key]: value })])).resolves.toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await storedRow('v'))[column]).toEqual(expected);
  });
});

describe('failures', () => {
  it.each<[string, Record<string, RowValue>]>([
    ['a bigint beyond the int8 range', { amount: '9223372036854775808' }],
    ['text in a bigint column', { amount: '12.50' }],
    ['an impossible date', { day: '2025-02-30' }],
    ['a timestamp PostgreSQL cannot read', { at: 'around noon' }],
    ['a four-letter currency in char(3)', { currency: 'EURO' }],
  ])('%s fails the page, and the page writes nothing', async (_label, change) => {
    await expect(write([row('ok'), row('bad', change)])).rejects.toThrow();
    expect(await stored()).toEqual([]);
  });

  it("is undone with the caller's transaction", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        await expect(upsertRows(tx, PROBE, [row('a'), row('b')])).resolves.toEqual({
          inserted: 2,
          updated: 0,
          unchanged: 0,
        });
        throw new Error('a later write of the page failed');
      }),
    ).rejects.toThrow('a later write of the page failed');
    expect(await stored()).toEqual([]);
  });

  it('sends nothing for an empty page', async () => {
    // A table that does not exist: any statement would fail.
    await expect(write([], { table: 'no_such_table', columns: { raw: 'jsonb' } })).resolves.toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 0,
    });
  });
});

describe('a mirror table', () => {
  const entry = {
    id: 'entry-1',
    organizationId: 'org-1',
    cardAccountId: 'acc-1',
    index: 7,
    type: 'TRANSACTION',
    bookingDate: '2025-05-21',
    amount: { value: -617, currency: 'eur' },
    balanceAfter: { value: Number.MAX_SAFE_INTEGER, currency: 'EUR' },
    transactionType: 'PURCHASE',
    transactionId: 'tx-1',
    fxFee: null,
    createdAt: '2025-05-21T12:34:56.123456789Z',
    updatedAt: '2025-05-21T14:34:56+02:00',
  };
  const toRow = (e: typeof entry): Row =>
    accountEntriesStream.toRow(e as never, { organizationId: 'org-1', platformFeeCardIds: new Set() });
  const read = () =>
    withClient(db.url, async (c) => {
      const { rows } = await c.query(`
        SELECT amount::text AS amount, currency, balance_after::text AS balance_after, entry_index::text AS entry_index,
               booking_date::text AS booking_date, fx_fee_amount, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS updated_at,
               raw->>'createdAt' AS raw_created_at
          FROM account_entries WHERE id = 'entry-1'`);
      return rows[0];
    });

  it("takes the account-entries stream's rows: inserted, then unchanged, then updated", async () => {
    await expect(write([toRow(entry)], accountEntriesStream.table)).resolves.toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await read()).toEqual({
      amount: '-617',
      currency: 'EUR',
      balance_after: '9007199254740991',
      entry_index: '7',
      booking_date: '2025-05-21',
      fx_fee_amount: null,
      updated_at: '2025-05-21T12:34:56',
      raw_created_at: '2025-05-21T12:34:56.123456789Z',
    });
    await expect(write([toRow(entry)], accountEntriesStream.table)).resolves.toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
    });
    const changed = { ...entry, amount: { value: -618, currency: 'EUR' } };
    await expect(write([toRow(changed)], accountEntriesStream.table)).resolves.toEqual({
      inserted: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(await read()).toMatchObject({ amount: '-618' });
  });
});

describe('upsertStatement', () => {
  const TYPES: ColumnType[] = [
    'text',
    'bigint',
    'integer',
    'boolean',
    'date',
    'timestamptz',
    'jsonb',
    'char(3)',
    'char(64)',
  ];

  it.each(TYPES)('reads a %s column from the JSON page with that type', (type) => {
    const sql = upsertStatement({ table: 't', columns: { c: type, raw: 'jsonb' } });
    expect(sql).toContain(`AS r("id" text, "c" ${type}, "raw" jsonb)`);
  });

  it('quotes every identifier, doubling quotes inside one', () => {
    const sql = upsertStatement({ table: 'my"table', columns: { 'col"x': 'text', order: 'text' } });
    expect(sql).toContain('INSERT INTO "my""table"');
    expect(sql).toContain('"col""x" text');
    expect(sql).toContain('"order" text');
    expect(sql).not.toMatch(/[^"]order[^"]/);
  });

  it('takes the whole page as one parameter', () => {
    const sql = upsertStatement(PROBE);
    expect(sql.match(/\$\d+/g)).toEqual(['$1']);
  });
});
