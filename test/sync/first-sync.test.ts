import { startSimulator } from '../../src/simulator/index.js';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/db.js';
import { compareMirror } from '../helpers/mirror-compare.js';
import { readTruth, type Truth } from '../helpers/sim-truth.js';
import { SIM_NOW, syncOnce, testClient, written, type Simulator, type SyncOptions } from '../helpers/sync-harness.js';
import { auditWindows, receiptOptions, removeTempStores, tempStore, UNLIMITED } from '../receipts/support.js';

let sim: Simulator;
let db: TestDatabase;
let truth: Truth;
let firstRunId: bigint;
/** Receipts re-checked per organization and run without a change signal. */
const AUDIT = 10;
let receipts: SyncOptions;

beforeAll(async () => {
  // Receipts cost a request per transaction and per file: no rate limit to wait for.
  sim = await startSimulator({ port: 0, seed: 7, orgs: 3, days: 75, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
  truth = await readTruth(sim.apiUrl, sim.tokenUrl);
  receipts = { receipts: receiptOptions(tempStore(), { auditPerRun: AUDIT }) };
});
afterAll(async () => {
  await sim.close();
  await db.drop();
  removeTempStores();
});

const allOf = (map: Map<string, Record<string, any>[]>) => [...map.values()].flat();
/** Microseconds since the epoch of an ISO timestamp with 0–9 fraction digits, rounded as PostgreSQL does. */
function micros(text: string): bigint {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(text)!;
  const seconds = BigInt(Date.parse(m[1] + 'Z') / 1000);
  const fraction = (m[2] ?? '').padEnd(9, '0');
  const nanos = BigInt(fraction);
  return seconds * 1_000_000n + (nanos + 500n) / 1000n;
}

describe('a first sync', () => {
  it('mirrors the simulator exactly', async () => {
    const result = await syncOnce(sim, db.url, receipts);
    firstRunId = result.runId;
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(result.problems).toEqual([]);
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
    const entries = allOf(truth.entries).length;
    expect(entries).toBeGreaterThan(1000);
    const run = result.streams.filter((s) => s.stream === 'account-entries');
    expect(run.reduce((n, s) => n + s.inserted, 0)).toBe(entries);
  });

  it('keeps money exact in minor units, JPY and three-digit currencies included', async () => {
    const txs = allOf(truth.transactions);
    const odd = txs.filter((t) => ['JPY', 'BHD'].includes(t.transactionAmount?.currency));
    expect(odd.map((t) => t.transactionAmount.currency)).toEqual(expect.arrayContaining(['JPY']));
    await withClient(db.url, async (c) => {
      for (const t of odd) {
        const { rows } = await c.query(
          'SELECT transaction_amount::text, transaction_currency, billing_amount::text, billing_currency FROM transactions WHERE id = $1',
          [t.transactionId],
        );
        expect(rows[0]).toEqual({
          transaction_amount: String(t.transactionAmount.value),
          transaction_currency: t.transactionAmount.currency,
          billing_amount: String(t.billingAmount.value),
          billing_currency: t.billingAmount.currency,
        });
      }
    });
  });

  it('maps account entries column by column', async () => {
    const sample = allOf(truth.entries).filter((_, i) => i % 97 === 0);
    await withClient(db.url, async (c) => {
      for (const e of sample) {
        const { rows } = await c.query(
          `SELECT organization_id, card_account_id, entry_index::text, type, to_char(booking_date, 'YYYY-MM-DD') AS booking_date,
                  amount::text, currency, balance_after::text, transaction_type, transaction_id, bill_payment_type, bill_payment_id,
                  fx_fee_amount::text, fx_fee_currency,
                  (extract(epoch from created_at) * 1000000)::bigint::text AS created_us
             FROM account_entries WHERE id = $1`,
          [e.id],
        );
        expect(rows[0]).toEqual({
          organization_id: e.organizationId,
          card_account_id: e.cardAccountId,
          entry_index: String(e.index),
          type: e.type,
          booking_date: e.bookingDate,
          amount: String(e.amount.value),
          currency: e.amount.currency,
          balance_after: String(e.balanceAfter.value),
          transaction_type: e.transactionType ?? null,
          transaction_id: e.transactionId ?? null,
          bill_payment_type: e.billPaymentType ?? null,
          bill_payment_id: e.billPaymentId ?? null,
          fx_fee_amount: e.fxFee ? String(e.fxFee.value) : null,
          fx_fee_currency: e.fxFee ? e.fxFee.currency : null,
          created_us: micros(e.createdAt).toString(),
        });
      }
    });
  });

  it('keeps timestamps with 0 to 9 fraction digits at the right instant, and the raw text exactly', async () => {
    const txs = allOf(truth.transactions);
    const byDigits = new Map<number, Record<string, any>>();
    for (const t of txs) {
      const digits = /\.(\d+)Z$/.exec(t.createdAt)?.[1]?.length ?? 0;
      if (!byDigits.has(digits)) byDigits.set(digits, t);
    }
    expect([...byDigits.keys()].sort()).toEqual(expect.arrayContaining([0, 3, 6, 9]));
    await withClient(db.url, async (c) => {
      for (const t of byDigits.values()) {
        const { rows } = await c.query(
          `SELECT (extract(epoch from created_at) * 1000000)::bigint::text AS us, raw->>'createdAt' AS text FROM transactions WHERE id = $1`,
          [t.transactionId],
        );
        expect(rows[0]).toEqual({ us: micros(t.createdAt).toString(), text: t.createdAt });
      }
    });
  });

  it('keeps and flags the platform-fee card and its transactions, zero-amount card checks included', async () => {
    await withClient(db.url, async (c) => {
      const cards = await c.query(
        `SELECT organization_id, count(*)::int AS n FROM cards WHERE platform_fee GROUP BY 1`,
      );
      expect(cards.rows.map((r) => r.n)).toEqual([1, 1, 1]);
      const checks = await c.query(
        `SELECT count(*)::int AS n FROM transactions t JOIN account_entries e ON e.transaction_id = t.id
          WHERE t.platform_fee AND t.type = 'STATUS_INQUIRY' AND e.amount = 0`,
      );
      expect(checks.rows[0].n).toBeGreaterThan(0);
      const unflagged = await c.query(
        `SELECT count(*)::int AS n FROM transactions t JOIN cards k ON k.id = t.card_id WHERE k.platform_fee AND NOT t.platform_fee`,
      );
      expect(unflagged.rows[0].n).toBe(0);
    });
  });

  it('writes nothing the second time and asks one page per stream and organization, receipts only the audit', async () => {
    const client = testClient(sim);
    sim.resetStats();
    const second = await syncOnce(sim, db.url, { client, ...receipts });
    expect(second.status).toBe('succeeded');
    expect(written(second)).toBe(0);
    // organizations once; cardholders, cards, account entries and transactions once per organization;
    // bill payments none (every one is in the mirror); receipts: the audit's share of the window.
    const orgs = truth.organizations.length;
    // The sync's day is 2026-06-30; receipts look back 30 days.
    const windows = await auditWindows(db.url, '2026-05-31');
    expect(second.streams.filter((s) => s.stream !== 'receipts' && s.requests > 1)).toEqual([]);
    const listings = second.streams
      .filter((s) => s.stream === 'receipts')
      .map((s) => [s.organizationId, s.requests] as const);
    expect(new Map(listings)).toEqual(new Map([...windows].map(([org, w]) => [org, Math.min(AUDIT, w.size)])));
    expect(second.totals.requests).toBeLessThanOrEqual(1 + 4 * orgs + AUDIT * orgs);
    expect(client.stats.requests).toBe(second.totals.requests);
    expect(sim.stats().routes['receipt-file']).toBeUndefined();
    await withClient(db.url, async (c) => {
      const unchangedSince = await c.query(
        `SELECT count(*)::int AS n FROM account_entries WHERE last_changed_at > first_seen_at`,
      );
      expect(unchangedSince.rows[0].n).toBe(0);
      // Nor did a cursor move: every cursor still belongs to the first run.
      const cursors = await c.query(`SELECT DISTINCT run_id::int AS run FROM sync_cursors`);
      expect(cursors.rows).toEqual([{ run: Number(firstRunId) }]);
    });
  });

  it('after the clock moves on, brings exactly the new rows, late-booked entries included', async () => {
    await sim.advance(6);
    const newTruth = await readTruth(sim.apiUrl, sim.tokenUrl);
    const before = new Set(allOf(truth.entries).map((e) => e.id));
    const added = allOf(newTruth.entries).filter((e) => !before.has(e.id));
    const late = added.filter((e) => e.createdAt.slice(0, 10) > e.bookingDate);
    expect(added.length).toBeGreaterThan(0);
    expect(late.length).toBeGreaterThan(0);

    const third = await syncOnce(sim, db.url, receipts);
    expect(third.status).toBe('succeeded');
    const entriesRun = third.streams.filter((s) => s.stream === 'account-entries');
    expect(entriesRun.reduce((n, s) => n + s.inserted, 0)).toBe(added.length);
    await withClient(db.url, async (c) => expect(await compareMirror(c, newTruth)).toEqual([]));
    truth = newTruth;
  });
});
