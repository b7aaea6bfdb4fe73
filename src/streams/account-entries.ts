import type { z } from 'zod';

import type { accountEntrySchema } from '../pliant/schemas.js';
import { timestampCursor, type TimestampCursor } from './cursor.js';
import { currencyOf, daysBefore, instant, minor, text } from './mapping.js';
import { findChainProblems } from './statement-chain.js';
import type { Stream, VerifyContext } from './types.js';

type AccountEntry = z.infer<typeof accountEntrySchema>;

/** The position of the account-entries stream: the latest `createdAt` committed. */
export type EntriesCursor = TimestampCursor<'createdAt'>;
const createdAt = timestampCursor('createdAt', (e: AccountEntry) => e.createdAt);

/**
 * The statement lines of the organization's card accounts: the stream everything else hangs on.
 *
 * Cursor: `createdAt`, not `bookingDate`, because an entry can be created today with a booking
 * date days in the past; a booking-date cursor would step over it. Pages come sorted by
 * `createdAt` ascending, so the cursor is committed with each page. Every run re-reads
 * SYNC_LOOKBACK_DAYS before the cursor's day (inclusive dates, `>=`), and rows are upserted by
 * id, so ties at page and run boundaries and late rows cost a re-read, never a loss.
 * A backfill reads by booking date instead, and moves no cursor.
 */
export const accountEntriesStream: Stream<AccountEntry, EntriesCursor> = {
  name: 'account-entries',
  scope: 'organization',
  after: [],
  table: {
    table: 'account_entries',
    columns: {
      organization_id: 'text',
      card_account_id: 'text',
      entry_index: 'bigint',
      type: 'text',
      booking_date: 'date',
      amount: 'bigint',
      currency: 'char(3)',
      balance_after: 'bigint',
      transaction_type: 'text',
      transaction_id: 'text',
      bill_payment_type: 'text',
      bill_payment_id: 'text',
      fx_fee_amount: 'bigint',
      fx_fee_currency: 'char(3)',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
      raw: 'jsonb',
    },
  },
  cursorCommit: 'page',
  fetch(ctx) {
    const organizationId = ctx.organizationId;
    if (ctx.mode.kind === 'backfill') {
      const { from, to } = ctx.mode;
      return ctx.client.accountEntries(
        {
          organizationId,
          dateField: 'bookingDate',
          fromDate: from,
          toDate: to,
          sortBy: 'index',
          sortDirection: 'ASC',
          limit: ctx.pageSize,
        },
        { stats: ctx.stats },
      );
    }
    const since = createdAt.read(ctx.cursor);
    return ctx.client.accountEntries(
      {
        organizationId,
        dateField: 'createdAt',
        ...(since ? { fromDate: daysBefore(since, ctx.mode.lookbackDays) } : {}),
        sortBy: 'createdAt',
        sortDirection: 'ASC',
        limit: ctx.pageSize,
      },
      { stats: ctx.stats },
    );
  },
  cursorAfter: createdAt.after,
  verify: verifyStatement,
  toRow: (e, { organizationId }) => ({
    id: e.id,
    organization_id: e.organizationId ?? organizationId,
    card_account_id: text(e.cardAccountId),
    entry_index: String(e.index),
    type: e.type,
    booking_date: e.bookingDate,
    amount: minor(e.amount),
    currency: currencyOf(e.amount),
    balance_after: minor(e.balanceAfter),
    transaction_type: text(e.transactionType),
    transaction_id: text(e.transactionId),
    bill_payment_type: text(e.billPaymentType),
    bill_payment_id: text(e.billPaymentId),
    fx_fee_amount: minor(e.fxFee),
    fx_fee_currency: currencyOf(e.fxFee),
    created_at: instant(e.createdAt),
    updated_at: instant(e.updatedAt),
    raw: e,
  }),
};

/**
 * The statement chain of every card account (statement-chain.ts). Gaps or a broken chain get
 * one targeted re-read of the days around them; what remains is reported, naming the
 * organization and the index range, and makes the run incomplete.
 */
async function verifyStatement(check: VerifyContext<AccountEntry, EntriesCursor>): Promise<string[]> {
  const { db, organizationId, logger } = check;
  const found = await findChainProblems(db, organizationId);
  if (found.length === 0) return [];
  logger.warn(`organization ${organizationId}: ${found.length} statement problem(s), re-reading the days around them`, {
    organizationId,
    problems: found.map((p) => p.detail),
  });
  const windows = [
    ...new Map(found.map((p) => [`${p.window.dateField} ${p.window.from} ${p.window.to}`, p.window])).values(),
  ];
  await check.reread('account-entries (re-read)', (ctx) =>
    (async function* () {
      for (const w of windows) {
        yield* ctx.client.accountEntries(
          {
            organizationId,
            dateField: w.dateField,
            fromDate: w.from,
            toDate: w.to,
            sortBy: 'index',
            sortDirection: 'ASC',
            limit: ctx.pageSize,
          },
          { stats: ctx.stats },
        );
      }
    })(),
  );
  const remaining = await findChainProblems(db, organizationId);
  return remaining.map((p) => `organization ${organizationId}, ${p.detail}`);
}
