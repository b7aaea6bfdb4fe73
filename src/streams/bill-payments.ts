import type { z } from 'zod';

import type { billPaymentSchema } from '../pliant/schemas.js';
import { currencyOf, dateOf, minor, text } from './mapping.js';
import { relatedIds } from './related-ids.js';
import type { Stream, StreamContext } from './types.js';

type BillPayment = z.infer<typeof billPaymentSchema>;

/**
 * The bill payment of every BILL_PAYMENT entry (bills, top-ups, payouts, reversals), fetched
 * by id. A booked payment is final, so a sync fetches only those the mirror lacks; a backfill
 * re-reads all of its range. No cursor: the entries are the cursor.
 */
export const billPaymentsStream: Stream<BillPayment> = {
  name: 'bill-payments',
  after: ['account-entries'],
  scope: 'organization',
  table: {
    table: 'bill_payments',
    columns: {
      public_payment_id: 'text',
      organization_id: 'text',
      type: 'text',
      method: 'text',
      status: 'text',
      amount: 'bigint',
      currency: 'char(3)',
      planned_payment_date: 'date',
      actual_payment_date: 'date',
      raw: 'jsonb',
    },
  },
  fetch: (ctx) => fetchBillPayments(ctx),
  toRow: (p, { organizationId }) => ({
    id: p.paymentId,
    public_payment_id: text(p.publicPaymentId),
    organization_id: p.organizationId ?? organizationId,
    type: text(p.type),
    method: text(p.method),
    status: text(p.status),
    amount: minor(p.amount),
    currency: currencyOf(p.amount),
    planned_payment_date: dateOf(p.plannedPaymentDate),
    actual_payment_date: dateOf(p.actualPaymentDate),
    raw: p,
  }),
};

async function* fetchBillPayments(ctx: StreamContext): AsyncIterable<{ records: BillPayment[] }> {
  const ids = await relatedIds(ctx.db, 'bill_payment', ctx.organizationId, ctx.mode);
  if (ids.length > 0)
    yield* ctx.client.billPayments(
      { organizationId: ctx.organizationId, paymentIds: ids, limit: ctx.pageSize },
      { stats: ctx.stats },
    );
}
