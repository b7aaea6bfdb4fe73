/**
 * Exports stream: the exporter reads the mirror in pages of at most `pageSize` entries (seen
 * through a wrapper around the real database: no query hands it more rows than that), and a
 * large period (20,000 generated entries) written page by page is byte-identical to the same
 * export read in one page and to the files rendered from the whole list at once.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PrismaClient } from '../../src/db/prisma.js';
import { MirrorChangedError } from '../../src/export/errors.js';
import { DatevCheck } from '../../src/export/formats/datev/validator.js';
import { exporterFor } from '../../src/export/formats/registry.js';
import { buildJournal, validateDatev, type ExportFormat, type ExportResult } from '../../src/export/index.js';
import { readEntries, readEntryPages } from '../../src/export/mirror/read-entries.js';
import type { JournalEntry } from '../../src/export/types.js';
import { createTestDatabase, prismaFor, type TestDatabase } from '../helpers/db.js';
import { addDays, MirrorBuilder, sql, uuid, type Mirror } from './fixture.js';
import { random } from './generator.js';
import { exportNow, forgetExports, GOLDEN_DIR, settingsFrom, TIME_ZONE } from './support.js';

const ENTRIES = 20_000;
const PERIOD = { from: '2026-01-01', to: '2026-03-31' };
const ORG = uuid('streaming-org', 1);
let db: TestDatabase;
let prisma: PrismaClient;

/** ENTRIES entries over three months: spend (some in foreign currencies, with receipts), refunds, card checks, bills. */
function largeMirror(): Mirror {
  const r = random(20_000);
  const m = new MirrorBuilder(ORG, 'Streaming GmbH');
  const cards = [0, 1, 2].map((i) =>
    m.card(`c${i}`, m.cardholder(`h${i}`, `F${i}`, `L${i}`, `h${i}@example.com`), `${4000 + i}`),
  );
  const fees = m.card('fees', null, '0000', true);
  const days = 90;
  let made = 0;
  m.payment(PERIOD.from, 'TOPUP', 900_000_000);
  made++;
  for (let d = 0; d < days; d++) {
    const day = addDays(PERIOD.from, d);
    const target = Math.round(((d + 1) * ENTRIES) / days);
    while (made < target) {
      const kind = r.int(100);
      if (kind < 70) {
        const eur = 100 + r.int(50_000);
        const foreign = r.chance(0.2);
        m.spend({
          date: day,
          card: r.pick(cards),
          amount: -eur,
          merchant: r.pick(['Bäckerei Körner', 'Hotel „Adler“', 'Café ☕ Ecke', 'Amazon EU']),
          category: r.pick(['FOOD_AND_DRINKS', 'TRAVEL_AND_ACCOMMODATION', 'OTHER', 'COMPUTING_AND_SOFTWARE']),
          receipts: r.int(2),
          ...(foreign ? { foreign: { amount: Math.round(eur * 1.08), currency: 'USD' } } : {}),
        });
      } else if (kind < 80) m.spend({ date: day, card: r.pick(cards), amount: 100 + r.int(5000), type: 'REFUND' });
      else if (kind < 85)
        m.spend({ date: day, card: fees, amount: 0, type: 'STATUS_INQUIRY', merchant: 'Pliant GmbH' });
      else m.payment(day, 'BILL', 1000 + r.int(100_000));
      made++;
    }
  }
  return m.rows;
}

/** Many rows per statement (insertMirror takes one per row: too slow for 20,000 entries). */
async function insertLarge(url: string, mirror: Mirror): Promise<void> {
  const tables: (keyof Mirror)[] = [
    'organizations',
    'cardholders',
    'cards',
    'transactions',
    'bill_payments',
    'account_entries',
    'receipts',
  ];
  for (const table of tables) {
    const rows = mirror[table];
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    for (let i = 0; i < rows.length; i += 2000) {
      const json = JSON.stringify(rows.slice(i, i + 2000), (_k, v: unknown) =>
        typeof v === 'bigint' ? v.toString() : v,
      );
      await sql(
        url,
        `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
        [json],
      );
    }
  }
}

/** The real database, with every raw query's row count recorded (inside the export's transaction too). */
function counting(
  client: PrismaClient,
  beforeCursor: (n: number, tx: PrismaClient) => Promise<void> = async () => {},
): { prisma: PrismaClient; fetches: number[]; largest: () => number } {
  let cursors = 0;
  const fetches: number[] = [];
  const all: number[] = [];
  const watch = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === '$queryRaw' || prop === '$queryRawUnsafe') {
          return async (...args: unknown[]) => {
            const rows = (await (value as (...a: unknown[]) => Promise<unknown[]>).apply(t, args)) as unknown[];
            all.push(rows.length);
            if (typeof args[0] === 'string' && args[0].startsWith('FETCH')) fetches.push(rows.length);
            return rows;
          };
        }
        if (prop === '$executeRaw') {
          return async (...args: unknown[]) => {
            if (Array.isArray(args[0]) && args[0].join('').startsWith('DECLARE'))
              await beforeCursor(++cursors, t as PrismaClient);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(t, args);
          };
        }
        if (prop === '$transaction') {
          return (fn: (tx: unknown) => Promise<unknown>, options: unknown) =>
            (value as (f: (tx: object) => Promise<unknown>, o: unknown) => Promise<unknown>).call(
              t,
              (tx: object) => fn(watch(tx)),
              options,
            );
        }
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });
  return { prisma: watch(client), fetches, largest: () => Math.max(...all) };
}

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await insertLarge(db.url, largeMirror());
  prisma = prismaFor(db.url);
}, 180_000);
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

const settings = settingsFrom('config-skr03.yaml');

describe('a large period, streamed', () => {
  beforeEach(() => forgetExports(db.url));

  it('the reader is a cursor: pages of at most K entries, together the whole period in order', async () => {
    const whole = await readEntries(prisma, ORG, PERIOD.from, PERIOD.to, TIME_ZONE);
    expect(whole).toHaveLength(ENTRIES);
    const ids: string[] = [];
    const sizes: number[] = [];
    await prisma.$transaction(async (tx) => {
      for await (const page of readEntryPages(tx, ORG, PERIOD.from, PERIOD.to, TIME_ZONE, 1500)) {
        sizes.push(page.length);
        ids.push(...page.map((e) => e.id));
      }
    });
    expect(Math.max(...sizes)).toBe(1500);
    expect(sizes).toHaveLength(Math.ceil(ENTRIES / 1500));
    expect(ids).toEqual(whole.map((e) => e.id));
  });

  it.each(['datev', 'csv'] as ExportFormat[])(
    '%s: no query hands the exporter more than a page, and the files equal those of one page and of the whole list',
    async (format) => {
      const K = 500;
      const watched = counting(prisma);
      const options = {
        format,
        period: PERIOD,
        organizationId: ORG,
        settings,
        mode: 'all' as const,
        maxDatevRows: 4000,
      };
      const paged = await exportNow(watched.prisma, { ...options, pageSize: K });
      expect(paged.summary.entries.inPeriod).toBe(ENTRIES);
      // Two passes over the period (plan, write), each in pages of K; nothing else returns more rows.
      expect(Math.max(...watched.fetches)).toBe(K);
      expect(watched.fetches.filter((n) => n > 0)).toHaveLength(2 * Math.ceil(ENTRIES / K));
      expect(watched.largest()).toBeLessThanOrEqual(K);

      const onePage = await exportNow(prisma, { ...options, pageSize: 10 * ENTRIES });
      // Buffer.equals: toEqual walks megabytes byte by byte.
      expect(onePage.files).toHaveLength(paged.files.length);
      onePage.files.forEach((f, i) => expect(f.bytes.equals(paged.files[i]!.bytes)).toBe(true));
      expect(withoutIds(onePage)).toEqual(withoutIds(paged));
      if (format === 'datev') {
        // A month per file, split at maxDatevRows: more files than months.
        expect(paged.files.length).toBeGreaterThan(3);
        for (const f of paged.files) {
          expect(f.batch.rows).toBeLessThanOrEqual(4000);
          expect(validateDatev(f.bytes, f.batch.fileName).filter((x) => x.severity === 'error')).toEqual([]);
        }
      }
      expectWholeList(paged, await wholeList(format, 4000));
    },
    180_000,
  );
});

describe('the mirror changes between the planning and the writing pass', () => {
  const m = new MirrorBuilder(uuid('org', 'changing'), 'Changing GmbH');
  const card = m.card('c', m.cardholder('c', 'C', 'D', 'c@example.com'), '1111');
  m.payment('2026-05-01', 'TOPUP', 100_000);
  const purchase = m.spend({ date: '2026-05-04', card, amount: -2500, category: 'FOOD_AND_DRINKS' });
  const MAY = { from: '2026-05-01', to: '2026-05-31' };

  beforeAll(() => insertLarge(db.url, m.rows));
  beforeEach(() => forgetExports(db.url));

  it('aborts the export: nothing stored, marked or written, no temporary file left', async () => {
    const out = mkdtempSync(join(tmpdir(), 'export-changing-'));
    const watched = counting(prisma, async (n, tx) => {
      // The second cursor is the writing pass: the purchase is recategorised just before it (in the
      // export's own transaction, as the embedded database takes one at a time; a sync's commit looks the same).
      if (n === 2)
        await tx.$executeRawUnsafe(
          "UPDATE transactions SET category = 'OTHER', last_changed_at = '2026-05-20T00:00:00Z' WHERE id = (SELECT transaction_id FROM account_entries WHERE id = $1)",
          purchase,
        );
    });
    await expect(
      exportNow(watched.prisma, { format: 'csv', period: MAY, organizationId: m.organizationId, out }),
    ).rejects.toThrow(MirrorChangedError);
    expect(readdirSync(out)).toEqual([]);
    expect(await sql(db.url, 'SELECT id FROM export_batches')).toEqual([]);
    expect(await sql(db.url, 'SELECT id FROM export_batch_entries')).toEqual([]);

    // The change rolled back with the export (it was made in its transaction); run again, it exports the period.
    const again = await exportNow(prisma, { format: 'csv', period: MAY, organizationId: m.organizationId, out });
    expect(readdirSync(out)).toEqual([again.files[0]!.batch.fileName]);
    expect(again.files[0]!.bytes.toString('utf8')).toContain(purchase);
  });
});

describe('the DATEV pre-flight check, chunk by chunk', () => {
  it('finds what the whole-file check finds, in the same order, holding a line at a time', () => {
    const name = 'EXTF_Buchungsstapel_20261001-20261031_6f1c2a4e_1.csv';
    const golden = readFileSync(join(GOLDEN_DIR, 'skr03', 'datev', name)).toString('latin1');
    // Broken on purpose: a side, an amount, a bare LF inside a text, a character cp1252 lacks (0x81).
    const broken = Buffer.from(
      golden
        .replace(';"S";', ';"X";')
        .replace(/\r\n(\d+),(\d\d);/, '\r\n-$1,$2;')
        .replace('"Pliant-Eintrag"', '"Pliant\nEintrag"') + '1,00;"S";\x81\r\n',
      'latin1',
    );
    const whole = validateDatev(broken, name);
    expect(whole.filter((f) => f.severity === 'error').length).toBeGreaterThan(4);
    const check = new DatevCheck(name);
    let start = 0;
    for (let i = 0; i < broken.length - 1; i++) {
      if (broken[i] === 0x0d && broken[i + 1] === 0x0a) {
        check.push(broken.subarray(start, i + 2));
        start = i + 2;
      }
    }
    check.push(broken.subarray(start));
    expect(check.finish()).toEqual(whole);
  });
});

/** Summary and batches, batch ids (which name the files) left out. */
const withoutIds = (result: ExportResult): string =>
  JSON.stringify(
    { ...result.summary, batches: result.summary.batches.map((b) => ({ ...b, id: 0 })) },
    (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
  ).replace(/_\d+\.(csv|journal)\b/g, '_N.$1');

/** The same files rendered the old way: every journal built at once, cut per piece and split, each rendered whole. */
async function wholeList(format: ExportFormat, maxDatevRows: number): Promise<{ name: string; bytes: Buffer }[]> {
  const exporter = exporterFor(format, { maxDatevRows });
  const sources = await readEntries(prisma, ORG, PERIOD.from, PERIOD.to, TIME_ZONE);
  const journals: JournalEntry[] = [];
  for (const s of sources) {
    const built = buildJournal(s, settings);
    if (built.kind === 'journal') journals.push({ ...built.journal, revision: 1 });
  }
  const out: { name: string; bytes: Buffer }[] = [];
  for (const piece of exporter.pieces(PERIOD, settings)) {
    const parts = exporter.split(journals.filter((e) => e.bookingDate >= piece.from && e.bookingDate <= piece.to));
    parts.forEach((entries, i) => {
      const file = exporter.render(entries, {
        organizationId: ORG,
        period: piece,
        mode: 'all',
        batchId: 0n,
        part: i + 1,
        parts: parts.length,
        settings,
        timeZone: TIME_ZONE,
      });
      out.push({ name: file.fileName, bytes: file.bytes });
    });
  }
  return out;
}

function expectWholeList(result: ExportResult, files: { name: string; bytes: Buffer }[]): void {
  // Batch ids differ (file names carry them); `--all` files carry none inside.
  const withoutId = (name: string) => name.replace(/_\d+(\.\w+)$/, '$1');
  expect(result.files.map((f) => withoutId(f.batch.fileName))).toEqual(files.map((f) => withoutId(f.name)));
  result.files.forEach((f, i) => expect(f.bytes.equals(files[i]!.bytes)).toBe(true));
}
