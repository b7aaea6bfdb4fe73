/**
 * Files gone from the store (deleted by hand, a restored backup, a new RECEIPTS_DIR): asked of
 * the store, never of Pliant, so noticing costs no request. Every sync looks up each live
 * receipt's file of the organization (a stat in the local directory); a transaction with a file
 * missing is listed, and the listing fetches the file again.
 */
import pLimit from 'p-limit';

import type { PrismaClient } from '../db/prisma.js';
import type { ReceiptStore } from './store.js';

/** Receipts read per query: the id list stays bounded however many receipts there are. */
const CHUNK = 1000;
/** Store lookups at once. */
const CONCURRENCY = 16;

export async function transactionsMissingFiles(
  db: PrismaClient,
  store: ReceiptStore,
  organizationId: string,
): Promise<string[]> {
  const limit = pLimit(CONCURRENCY);
  const missing = new Set<string>();
  let after = '';
  for (;;) {
    const rows = await db.$queryRawUnsafe<{ id: string; transaction_id: string; storage_key: string }[]>(
      `SELECT id, transaction_id, storage_key FROM receipts
        WHERE organization_id = $1 AND deleted_at IS NULL AND storage_key IS NOT NULL AND id > $2
        ORDER BY id LIMIT ${CHUNK}`,
      organizationId,
      after,
    );
    const gone = await Promise.all(
      rows.map((r) => limit(async () => ((await store.has(r.storage_key)) ? null : r.transaction_id))),
    );
    for (const id of gone) if (id) missing.add(id);
    if (rows.length < CHUNK) break;
    after = rows.at(-1)!.id;
  }
  return [...missing].sort();
}
