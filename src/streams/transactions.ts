import type { z } from 'zod';

import type { transactionSchema } from '../pliant/schemas.js';
import { timestampCursor, type TimestampCursor } from './cursor.js';
import { bool, currencyOf, dateOf, daysBefore, instant, minor, text } from './mapping.js';
import { relatedIds } from './related-ids.js';
import type { Stream, StreamContext } from './types.js';

type Transaction = z.infer<typeof transactionSchema>;

export type TransactionsCursor = TimestampCursor<'updatedAt'>;
const updatedAt = timestampCursor('updatedAt', (t: Transaction) => t.updatedAt);

/**
 * The details of every TRANSACTION entry. Two passes: transactions changed since the cursor
 * (`updatedAt` moves when anything about a transaction changes, receipts included), then by id
 * every transaction an entry refers to that the mirror still lacks. Pages come sorted by
 * creation, not by `updatedAt`, so the cursor is committed with the last page only.
 */
export const transactionsStream: Stream<Transaction, TransactionsCursor> = {
  name: 'transactions',
  scope: 'organization',
  // Cards for the platform-fee flag; entries for the ids of the transactions they refer to.
  after: ['cards', 'account-entries'],
  table: {
    table: 'transactions',
    columns: {
      organization_id: 'text',
      card_id: 'text',
      cardholder_id: 'text',
      card_account_id: 'text',
      type: 'text',
      status: 'text',
      category: 'text',
      billing_amount: 'bigint',
      billing_currency: 'char(3)',
      transaction_amount: 'bigint',
      transaction_currency: 'char(3)',
      fx_fee_amount: 'bigint',
      fx_fee_currency: 'char(3)',
      merchant_name: 'text',
      merchant_legal_name: 'text',
      merchant_mcc: 'text',
      merchant_city: 'text',
      merchant_country: 'text',
      receipt_needed: 'boolean',
      platform_fee: 'boolean',
      booking_date: 'date',
      created_at: 'timestamptz',
      authorized_at: 'timestamptz',
      confirmed_at: 'timestamptz',
      updated_at: 'timestamptz',
      raw: 'jsonb',
    },
  },
  cursorCommit: 'end',
  fetch: (ctx) => fetchTransactions(ctx),
  cursorAfter: updatedAt.after,
  toRow: (t, { organizationId, platformFeeCardIds }) => ({
    id: t.transactionId,
    organization_id: t.organizationId ?? organizationId,
    card_id: text(t.cardId),
    cardholder_id: text(t.cardholderId),
    card_account_id: text(t.cardAccountId),
    type: text(t.type),
    status: text(t.status),
    category: text(t.category),
    billing_amount: minor(t.billingAmount),
    billing_currency: currencyOf(t.billingAmount),
    transaction_amount: minor(t.transactionAmount),
    transaction_currency: currencyOf(t.transactionAmount),
    fx_fee_amount: minor(t.fxFee),
    fx_fee_currency: currencyOf(t.fxFee),
    merchant_name: text(t.merchantData?.displayName ?? t.merchantRawData?.merchantLegalName),
    merchant_legal_name: text(t.merchantRawData?.merchantLegalName),
    merchant_mcc: text(t.merchantRawData?.mcc),
    merchant_city: text(t.merchantRawData?.city),
    merchant_country: text(t.merchantRawData?.country),
    receipt_needed: bool(t.receiptNeeded),
    platform_fee: t.platformFee === true || (t.cardId != null && platformFeeCardIds.has(t.cardId)),
    booking_date: dateOf(t.bookingDate),
    created_at: instant(t.createdAt),
    authorized_at: instant(t.authorizedAt),
    confirmed_at: instant(t.confirmedAt),
    updated_at: instant(t.updatedAt),
    raw: t,
  }),
};

async function* fetchTransactions(ctx: StreamContext<TransactionsCursor>): AsyncIterable<{ records: Transaction[] }> {
  const { client, organizationId, mode, stats } = ctx;
  if (mode.kind === 'sync') {
    const since = updatedAt.read(ctx.cursor);
    yield* client.transactions(
      {
        organizationId,
        dateField: 'updatedAt',
        limit: ctx.pageSize,
        ...(since ? { fromDate: daysBefore(since, mode.lookbackDays) } : {}),
      },
      { stats },
    );
  }
  const ids = await relatedIds(ctx.db, 'transaction', organizationId, mode);
  if (ids.length > 0)
    yield* client.transactions({ organizationId, transactionIds: ids, limit: ctx.pageSize }, { stats });
}
