/**
 * The receipts audit: what no signal announces (a receipt Pliant added without touching the
 * transaction, a change the transactions stream did not re-read) is still found, because every
 * transaction of the window is re-listed in turn, RECEIPTS_AUDIT_PER_RUN per organization and
 * run, least recently checked first. The window is what earlier versions re-listed on every run:
 * transactions booked within RECEIPTS_LOOKBACK_DAYS, and those that need a receipt and have none.
 * A round ends when every transaction of the window was re-checked since the round before
 * (the first round: checked at all); `receipt_audits` keeps when that last happened, for `status`.
 */
import type { PrismaClient } from '../db/prisma.js';
import { daysBefore } from '../streams/mapping.js';

/** Ids of the window of organization $1 from booking date $2. */
export const AUDIT_WINDOW = `
  SELECT e.transaction_id AS id FROM account_entries e
   WHERE e.organization_id = $1 AND e.transaction_id IS NOT NULL AND e.booking_date >= $2::date
  UNION
  SELECT t.id FROM transactions t
   WHERE t.organization_id = $1 AND t.receipt_needed IS TRUE
     AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL)`;

/** First booking date of the window on `today`. */
export const windowStart = (today: string, lookbackDays: number): string => daysBefore(today, lookbackDays);

export interface AuditRound {
  /** Transactions in the window now. */
  windowSize: number;
  /** Of them, re-checked since the last round ended (0 right after a round ends). */
  roundChecked: number;
  /** When every transaction of the window had last been re-checked since the round before; null: not yet. */
  lastRoundAt: Date | null;
}

/** After a sync's listings for an organization: ends the round if the whole window is checked, and records where it stands. */
export async function recordAuditRound(
  db: PrismaClient,
  organizationId: string,
  fromDate: string,
): Promise<AuditRound> {
  const [row] = await db.$queryRawUnsafe<AuditRound[]>(
    `WITH prev AS (SELECT last_round_at FROM receipt_audits WHERE organization_id = $1),
     n AS (
       SELECT count(*)::int AS size,
              count(c.checked_at) FILTER (WHERE c.checked_at >= (SELECT last_round_at FROM prev) OR NOT EXISTS (SELECT 1 FROM prev WHERE last_round_at IS NOT NULL))::int AS checked
         FROM (${AUDIT_WINDOW}) w LEFT JOIN receipt_checks c ON c.transaction_id = w.id
     )
     INSERT INTO receipt_audits AS a (organization_id, window_size, round_checked, last_round_at, evaluated_at)
     SELECT $1, n.size, CASE WHEN n.checked = n.size THEN 0 ELSE n.checked END,
            CASE WHEN n.checked = n.size THEN now() ELSE (SELECT last_round_at FROM prev) END, now()
       FROM n
     ON CONFLICT (organization_id) DO UPDATE SET window_size = excluded.window_size, round_checked = excluded.round_checked,
       last_round_at = excluded.last_round_at, evaluated_at = excluded.evaluated_at
     RETURNING window_size AS "windowSize", round_checked AS "roundChecked", last_round_at AS "lastRoundAt"`,
    organizationId,
    fromDate,
  );
  return row!;
}
