/**
 * Which transactions' receipts a run lists. Receipts arrive days after the booking and can
 * be replaced or removed, and only receipts are pushed by callback, so a sync looks again at:
 * - every transaction booked within RECEIPTS_LOOKBACK_DAYS (catches what no signal announced);
 * - transactions that need a receipt and have none yet (late receipts);
 * - transactions whose mirrored `receiptIds` differ from the receipts we hold (first run: all
 *   with receipts; later: added or removed ones the transactions stream has seen);
 * - transactions whose `updatedAt` moved since their receipts were last listed (replacements);
 * - transactions with a receipt whose file a retry may still get (a failed download, or a
 *   file too large for a cap that has since been raised).
 * A backfill lists every transaction booked in its range.
 */
import type { PrismaClient } from '../db/prisma.js';
import { daysBefore } from '../streams/mapping.js';
import type { SyncMode } from '../streams/types.js';
import { PROBLEM } from './fetch-file.js';

/** The mirrored transaction's `receiptIds`, sorted (an absent or odd value counts as none). */
const RECEIPT_IDS = `ARRAY(SELECT jsonb_array_elements_text(
  CASE jsonb_typeof(t.raw->'receiptIds') WHEN 'array' THEN t.raw->'receiptIds' ELSE '[]'::jsonb END) ORDER BY 1)`;
/** The receipts we hold for it, not deleted, sorted. */
const LIVE_IDS = `ARRAY(SELECT r.id FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL ORDER BY 1)`;

export async function transactionsToCheck(db: PrismaClient, organizationId: string, mode: SyncMode, options: { lookbackDays: number; maxBytes: number }): Promise<string[]> {
  if (mode.kind === 'backfill') {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT DISTINCT transaction_id AS id FROM account_entries
        WHERE organization_id = $1 AND transaction_id IS NOT NULL AND booking_date BETWEEN $2::date AND $3::date ORDER BY 1`,
      organizationId,
      mode.from,
      mode.to,
    );
    return rows.map((r) => r.id);
  }
  const windowStart = daysBefore(mode.today, options.lookbackDays);
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT e.transaction_id AS id FROM account_entries e
      WHERE e.organization_id = $1 AND e.transaction_id IS NOT NULL AND e.booking_date >= $2::date
     UNION
     SELECT t.id FROM transactions t
      WHERE t.organization_id = $1 AND (
        (t.receipt_needed IS TRUE AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL))
        OR ${RECEIPT_IDS} IS DISTINCT FROM ${LIVE_IDS}
        OR EXISTS (SELECT 1 FROM receipt_checks c WHERE c.transaction_id = t.id AND t.updated_at > c.transaction_updated_at))
     UNION
     SELECT r.transaction_id FROM receipts r
      WHERE r.organization_id = $1 AND r.deleted_at IS NULL AND r.storage_key IS NULL
        AND (r.fetched_at IS NULL OR (r.problem LIKE $3 AND r.size_bytes <= $4))
     ORDER BY 1`,
    organizationId,
    windowStart,
    `${PROBLEM.tooLarge}%`,
    options.maxBytes,
  );
  return rows.map((r) => r.id);
}
