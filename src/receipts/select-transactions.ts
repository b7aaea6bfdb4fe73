/**
 * Which transactions' receipts a run lists: one request each, so only those with a reason.
 * - changed: the mirrored `receiptIds` or `updatedAt` differ from when the receipts were last
 *   listed (`receipt_checks`); never listed: `receiptIds` name receipts we do not hold (the first
 *   run: every transaction with a receipt);
 * - a download to try again (it failed, or the file was too large for a cap since raised);
 * - a file gone from the store (missing-files.ts: the store is asked, not Pliant);
 * - the audit (audit.ts): at most RECEIPTS_AUDIT_PER_RUN of the window, least recently checked
 *   first, so what no signal announced is still found in turn.
 * A backfill lists every transaction booked in its range.
 */
import type { PrismaClient } from '../db/prisma.js';
import type { SyncMode } from '../streams/types.js';
import { AUDIT_WINDOW, windowStart } from './audit.js';
import { PROBLEM } from './fetch-file.js';
import { transactionsMissingFiles } from './missing-files.js';
import type { ReceiptsOptions } from './options.js';
import { MIRRORED_RECEIPT_IDS } from './rows.js';

/** The receipts we hold for transaction `t`, not deleted, sorted. */
const LIVE_IDS = `ARRAY(SELECT r.id FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL ORDER BY 1)`;

export type Reason = 'changed' | 'file' | 'audit' | 'range';

export interface Selection {
  /** Transactions to list, sorted. */
  ids: string[];
  /** How many for each reason (for the log). */
  counts: Record<Reason, number>;
}

export async function transactionsToCheck(
  db: PrismaClient,
  organizationId: string,
  mode: SyncMode,
  options: ReceiptsOptions,
): Promise<Selection> {
  const counts: Record<Reason, number> = { changed: 0, file: 0, audit: 0, range: 0 };
  if (mode.kind === 'backfill') {
    const rows = await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT DISTINCT transaction_id AS id FROM account_entries
        WHERE organization_id = $1 AND transaction_id IS NOT NULL AND booking_date BETWEEN $2::date AND $3::date ORDER BY 1`,
      organizationId,
      mode.from,
      mode.to,
    );
    counts.range = rows.length;
    return { ids: rows.map((r) => r.id), counts };
  }
  const missingFiles = await transactionsMissingFiles(db, options.store, organizationId);
  const rows = await db.$queryRawUnsafe<{ id: string; reason: Reason }[]>(
    `WITH changed AS (
       SELECT t.id FROM transactions t LEFT JOIN receipt_checks c ON c.transaction_id = t.id
        WHERE t.organization_id = $1 AND CASE
          WHEN c.transaction_id IS NULL THEN ${MIRRORED_RECEIPT_IDS} IS DISTINCT FROM ${LIVE_IDS}
          ELSE ${MIRRORED_RECEIPT_IDS} IS DISTINCT FROM c.receipt_ids OR t.updated_at IS DISTINCT FROM c.transaction_updated_at END
       UNION
       SELECT r.transaction_id FROM receipts r
        WHERE r.organization_id = $1 AND r.deleted_at IS NULL
          AND (r.fetched_at IS NULL OR (r.storage_key IS NULL AND r.problem LIKE $3 AND r.size_bytes <= $4))
     ), files AS (
       SELECT f.id FROM unnest($5::text[]) AS f(id) WHERE NOT EXISTS (SELECT 1 FROM changed x WHERE x.id = f.id)
     ), audit AS (
       SELECT w.id FROM (${AUDIT_WINDOW}) w LEFT JOIN receipt_checks c ON c.transaction_id = w.id
        WHERE NOT EXISTS (SELECT 1 FROM changed x WHERE x.id = w.id) AND NOT (w.id = ANY($5::text[]))
        ORDER BY c.checked_at ASC NULLS FIRST, w.id LIMIT $6
     )
     SELECT id, 'changed' AS reason FROM changed
     UNION ALL SELECT id, 'file' FROM files
     UNION ALL SELECT id, 'audit' FROM audit
     ORDER BY 1`,
    organizationId,
    windowStart(mode.today, options.lookbackDays),
    `${PROBLEM.tooLarge}%`,
    options.maxBytes,
    missingFiles,
    options.auditPerRun,
  );
  for (const r of rows) counts[r.reason] += 1;
  return { ids: rows.map((r) => r.id), counts };
}
