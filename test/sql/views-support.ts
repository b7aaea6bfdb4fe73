/**
 * For the view tests: what the views should say, computed here from the simulator's own
 * records (not from the mirror the views read), the example queries of docs/sql.md, and a
 * copy of a database into PGlite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

import { formatMinor, minorDigits } from '../../src/export/money.js';
import { packageRoot } from '../../src/paths.js';
import { testClient } from '../helpers/db.js';
import type { Truth } from '../helpers/sim-truth.js';

type Rec = Record<string, any>;

/** A client that returns dates as 'YYYY-MM-DD' (not as local midnight), and bigint/numeric as text. */
export const textDatesClient = (url: string): pg.Client => testClient(url, { textDates: true });

export const major = (amount: bigint | number | string, currency: string): string =>
  formatMinor(BigInt(amount), minorDigits(currency));

/** The simulator's records, indexed. */
export function indexTruth(truth: Truth, liveReceipts: Map<string, number>) {
  const all = (m: Map<string, Rec[]>) => [...m.values()].flat();
  const byId = (list: Rec[], key: string) => new Map(list.map((r) => [String(r[key]), r]));
  return {
    entries: all(truth.entries),
    orgs: byId(truth.organizations, 'organizationId'),
    tx: byId(all(truth.transactions), 'transactionId'),
    cards: byId(all(truth.cards), 'cardId'),
    holders: byId(all(truth.cardholders), 'cardholderId'),
    liveReceipts,
  };
}
export type Indexed = ReturnType<typeof indexTruth>;

/** booked_entries' interface columns (and a few more) for one simulator entry. */
export function expectedEntry(t: Indexed, e: Rec): Rec {
  const tx = e.transactionId ? t.tx.get(e.transactionId) : undefined;
  const card = tx ? t.cards.get(tx.cardId) : undefined;
  const holderId = tx?.cardholderId ?? card?.cardholderId ?? null;
  const holder = holderId ? t.holders.get(holderId) : undefined;
  const fx = tx && tx.transactionAmount.currency !== tx.billingAmount.currency ? tx.transactionAmount : null;
  const cur = e.amount.currency;
  return {
    entry_id: e.id,
    organization_id: e.organizationId,
    organization_name: t.orgs.get(e.organizationId)?.name ?? null,
    card_account_id: e.cardAccountId,
    entry_index: String(e.index),
    booking_date: e.bookingDate,
    type: e.type,
    amount: String(e.amount.value),
    amount_major: major(e.amount.value, cur),
    currency: cur,
    balance_after: String(e.balanceAfter.value),
    balance_after_major: major(e.balanceAfter.value, cur),
    transaction_id: e.transactionId ?? null,
    transaction_type: tx?.type ?? e.transactionType ?? null,
    category: tx?.category ?? null,
    merchant_name: tx?.merchantData?.displayName ?? null,
    card_id: tx?.cardId ?? null,
    card_ref_num: card?.refNum ?? null,
    cardholder_id: holderId,
    cardholder_name: holder ? `${holder.firstName} ${holder.lastName}` : null,
    original_amount: fx ? String(fx.value) : null,
    original_currency: fx ? fx.currency : null,
    original_amount_major: fx ? major(fx.value, fx.currency) : null,
    receipt_count: tx ? (t.liveReceipts.get(tx.transactionId) ?? 0) : 0,
    receipt_needed: tx ? tx.receiptNeeded : null,
    bill_payment_id: e.billPaymentId ?? null,
    platform_fee: card?.platformFee === true,
  };
}

/** monthly_totals as "org|month|category|currency" → [entries, amount]. */
export function expectedMonthlyTotals(t: Indexed): Map<string, [number, bigint]> {
  const out = new Map<string, [number, bigint]>();
  for (const e of t.entries) {
    const category = e.transactionId ? (t.tx.get(e.transactionId)?.category ?? '') : '';
    const key = [e.organizationId, `${e.bookingDate.slice(0, 7)}-01`, category, e.amount.currency].join('|');
    const [n, sum] = out.get(key) ?? [0, 0n];
    out.set(key, [n + 1, sum + BigInt(e.amount.value)]);
  }
  return out;
}

/** Entries of missing_receipts: booked purchases off the fee card that need a receipt and have no live one. */
export function expectedMissing(t: Indexed): Rec[] {
  return t.entries.filter((e) => {
    const tx = e.transactionId ? t.tx.get(e.transactionId) : undefined;
    if (!tx || e.type !== 'TRANSACTION' || tx.type !== 'PURCHASE') return false;
    return (
      t.cards.get(tx.cardId)?.platformFee !== true &&
      tx.receiptNeeded !== false &&
      !t.liveReceipts.get(tx.transactionId)
    );
  });
}

/** Days from `from` to `to`, both 'YYYY-MM-DD'. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export const SQL_DOC = join(packageRoot(), 'docs', 'sql.md');

/** The ```sql blocks of docs/sql.md, with the heading above each. */
export function docQueries(): { title: string; sql: string }[] {
  const text = readFileSync(SQL_DOC, 'utf8');
  const out: { title: string; sql: string }[] = [];
  let title = '';
  for (const m of text.matchAll(/^#+ (.*)$|^```sql\n([\s\S]*?)^```$/gm)) {
    if (m[1] !== undefined) title = m[1];
    else out.push({ title, sql: m[2]! });
  }
  return out;
}

/** The columns docs/sql.md lists for a view: the first cells of the table under "## `view`". */
export function documentedColumns(view: string): string[] {
  const text = readFileSync(SQL_DOC, 'utf8');
  const section = text.split(new RegExp(`^## \`${view}\`$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/^\| `([a-z_0-9]+)` \|/gm)].map((m) => m[1]!);
}

/** Copies the rows of `tables` from a PostgreSQL database into a migrated PGlite, as JSON. */
export async function copyInto(lite: PGlite, client: pg.Client, tables: string[]): Promise<void> {
  for (const table of tables) {
    const { rows } = await client.query<{ data: string | null }>(`SELECT json_agg(t)::text AS data FROM ${table} t`);
    if (rows[0]?.data)
      await lite.query(`INSERT INTO ${table} SELECT * FROM json_populate_recordset(NULL::${table}, $1::json)`, [
        rows[0].data,
      ]);
  }
}
