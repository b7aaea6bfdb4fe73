/**
 * Reads booked entries of one organization and period from the mirror, with what the
 * journal needs of their transaction (category, merchant, card, cardholder, receipts) or bill
 * payment, and the card account's previous entry for the balance reconciliation.
 */
import type { PrismaClient } from '../../db/prisma.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { SourceEntry } from '../types.js';

interface Row {
  id: string;
  organization_id: string;
  card_account_id: string | null;
  entry_index: bigint;
  type: string;
  booking_date: string;
  amount: bigint;
  currency: string;
  balance_after: bigint | null;
  transaction_type: string | null;
  transaction_id: string | null;
  bill_payment_type: string | null;
  bill_payment_id: string | null;
  changed_at: Date;
  prev_index: bigint | null;
  prev_balance: bigint | null;
  t_id: string | null;
  t_type: string | null;
  t_category: string | null;
  t_billing_amount: bigint | null;
  t_billing_currency: string | null;
  t_transaction_amount: bigint | null;
  t_transaction_currency: string | null;
  t_merchant_name: string | null;
  t_merchant_legal_name: string | null;
  t_platform_fee: boolean | null;
  t_card_id: string | null;
  t_document_date: string | null;
  card_ref_num: string | null;
  card_platform_fee: boolean | null;
  cardholder_id: string | null;
  cardholder_email: string | null;
  receipt_ids: string[] | null;
  bp_id: string | null;
  bp_public_id: string | null;
  bp_type: string | null;
  bp_amount: bigint | null;
  bp_currency: string | null;
  bp_actual_date: string | null;
}

/** Organizations that have entries booked in the period (all of them unless one is asked for). */
export async function organizationsWithEntries(prisma: PrismaClient, from: string, to: string): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ organization_id: string }[]>`
    SELECT DISTINCT organization_id FROM account_entries
    WHERE booking_date BETWEEN ${from}::date AND ${to}::date ORDER BY organization_id`;
  return rows.map((r) => r.organization_id);
}

/** Entries booked from `from` to `to` (inclusive), in booking order: date, card account, index. */
function entriesQuery(organizationId: string, from: string, to: string, timeZone: string): Prisma.Sql {
  return Prisma.sql`
    SELECT e.id, e.organization_id, e.card_account_id, e.entry_index, e.type, e.booking_date::text AS booking_date,
           e.amount, e.currency, e.balance_after, e.transaction_type, e.transaction_id, e.bill_payment_type, e.bill_payment_id,
           GREATEST(e.last_changed_at, t.last_changed_at, bp.last_changed_at) AS changed_at,
           prev.entry_index AS prev_index, prev.balance_after AS prev_balance,
           t.id AS t_id, t.type AS t_type, t.category AS t_category,
           t.billing_amount AS t_billing_amount, t.billing_currency AS t_billing_currency,
           t.transaction_amount AS t_transaction_amount, t.transaction_currency AS t_transaction_currency,
           t.merchant_name AS t_merchant_name, t.merchant_legal_name AS t_merchant_legal_name,
           t.platform_fee AS t_platform_fee, t.card_id AS t_card_id,
           to_char(COALESCE(t.authorized_at, t.created_at) AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS t_document_date,
           c.ref_num AS card_ref_num, c.platform_fee AS card_platform_fee,
           COALESCE(t.cardholder_id, c.cardholder_id) AS cardholder_id, ch.email AS cardholder_email,
           (SELECT array_agg(r.id ORDER BY r.created_at NULLS LAST, r.id) FROM receipts r
             WHERE r.transaction_id = t.id AND r.deleted_at IS NULL) AS receipt_ids,
           bp.id AS bp_id, bp.public_payment_id AS bp_public_id, bp.type AS bp_type, bp.amount AS bp_amount,
           bp.currency AS bp_currency, bp.actual_payment_date::text AS bp_actual_date
    FROM account_entries e
    LEFT JOIN transactions t ON t.id = e.transaction_id
    LEFT JOIN cards c ON c.id = t.card_id
    LEFT JOIN cardholders ch ON ch.id = COALESCE(t.cardholder_id, c.cardholder_id)
    LEFT JOIN bill_payments bp ON bp.id = e.bill_payment_id
    LEFT JOIN LATERAL (
      SELECT p.entry_index, p.balance_after FROM account_entries p
      WHERE p.organization_id = e.organization_id AND p.card_account_id = e.card_account_id AND p.entry_index < e.entry_index
      ORDER BY p.entry_index DESC LIMIT 1
    ) prev ON true
    WHERE e.organization_id = ${organizationId} AND e.booking_date BETWEEN ${from}::date AND ${to}::date
    ORDER BY e.booking_date, e.card_account_id NULLS FIRST, e.entry_index, e.id`;
}

/** All of them at once (tests compare the pages with it). */
export async function readEntries(
  prisma: PrismaClient | Prisma.TransactionClient,
  organizationId: string,
  from: string,
  to: string,
  timeZone: string,
): Promise<SourceEntry[]> {
  const rows = await prisma.$queryRaw<Row[]>(entriesQuery(organizationId, from, to, timeZone));
  return rows.map(toSource);
}

let cursors = 0;

/**
 * The same entries, in the same order, in pages of at most `pageSize`: a cursor inside the
 * export's transaction, so memory holds one page, whatever the period.
 */
export async function* readEntryPages(
  tx: Prisma.TransactionClient,
  organizationId: string,
  from: string,
  to: string,
  timeZone: string,
  pageSize: number,
): AsyncGenerator<SourceEntry[]> {
  const name = `pliant_export_entries_${++cursors}`;
  await tx.$executeRaw`DECLARE ${Prisma.raw(name)} NO SCROLL CURSOR FOR ${entriesQuery(organizationId, from, to, timeZone)}`;
  try {
    for (;;) {
      const rows = await tx.$queryRawUnsafe<Row[]>(`FETCH FORWARD ${Math.max(1, Math.trunc(pageSize))} FROM ${name}`);
      if (rows.length === 0) return;
      yield rows.map(toSource);
    }
  } finally {
    await tx.$executeRawUnsafe(`CLOSE ${name}`);
  }
}

function toSource(r: Row): SourceEntry {
  return {
    id: r.id,
    organizationId: r.organization_id,
    cardAccountId: r.card_account_id,
    entryIndex: r.entry_index,
    type: r.type,
    bookingDate: r.booking_date,
    amount: r.amount,
    currency: r.currency.trim(),
    balanceAfter: r.balance_after,
    previous: r.prev_index === null ? null : { entryIndex: r.prev_index, balanceAfter: r.prev_balance },
    transactionType: r.transaction_type,
    billPaymentType: r.bill_payment_type,
    changedAt: r.changed_at,
    missingTransactionId: r.transaction_id !== null && r.t_id === null ? r.transaction_id : null,
    transaction:
      r.t_id === null
        ? null
        : {
            id: r.t_id,
            type: r.t_type,
            category: r.t_category,
            billingAmount: r.t_billing_amount,
            billingCurrency: r.t_billing_currency?.trim() ?? null,
            transactionAmount: r.t_transaction_amount,
            transactionCurrency: r.t_transaction_currency?.trim() ?? null,
            merchantName: r.t_merchant_name,
            merchantLegalName: r.t_merchant_legal_name,
            platformFee: r.t_platform_fee === true || r.card_platform_fee === true,
            cardId: r.t_card_id,
            cardRefNum: r.card_ref_num,
            cardholderId: r.cardholder_id,
            cardholderEmail: r.cardholder_email,
            documentDate: r.t_document_date,
            receiptIds: r.receipt_ids ?? [],
          },
    missingBillPaymentId: r.bill_payment_id !== null && r.bp_id === null ? r.bill_payment_id : null,
    billPayment:
      r.bp_id === null
        ? null
        : {
            id: r.bp_id,
            publicPaymentId: r.bp_public_id,
            type: r.bp_type,
            amount: r.bp_amount,
            currency: r.bp_currency?.trim() ?? null,
            actualPaymentDate: r.bp_actual_date,
          },
  };
}
