/**
 * Which transactions and bill payments to fetch, read from the mirrored account entries:
 * every TRANSACTION entry needs its transaction, every BILL_PAYMENT entry its bill payment.
 */
import type { PrismaClient } from '../db/prisma.js';
import type { SyncMode } from './types.js';

type Related = 'transaction' | 'bill_payment';
const TABLE: Record<Related, string> = { transaction: 'transactions', bill_payment: 'bill_payments' };

/**
 * In a sync: the ids entries refer to that the mirror lacks. In a backfill: every id referred
 * to by an entry booked in the range, so the whole range is read again.
 */
export async function relatedIds(
  db: PrismaClient,
  related: Related,
  organizationId: string,
  mode: SyncMode,
): Promise<string[]> {
  const column = `${related}_id`;
  const rows =
    mode.kind === 'backfill'
      ? await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT DISTINCT ${column} AS id FROM account_entries
            WHERE organization_id = $1 AND ${column} IS NOT NULL AND booking_date BETWEEN $2::date AND $3::date ORDER BY 1`,
          organizationId,
          mode.from,
          mode.to,
        )
      : await db.$queryRawUnsafe<{ id: string }[]>(
          `SELECT DISTINCT e.${column} AS id FROM account_entries e
             LEFT JOIN ${TABLE[related]} x ON x.id = e.${column}
            WHERE e.organization_id = $1 AND e.${column} IS NOT NULL AND x.id IS NULL ORDER BY 1`,
          organizationId,
        );
  return rows.map((r) => r.id);
}
