/** The `receipts` table as the upsert writes it, and a stored row read back in the same shape. */
import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Row, TableSpec } from '../sync/table-writer.js';

export const RECEIPTS_TABLE: TableSpec = {
  table: 'receipts',
  columns: {
    transaction_id: 'text',
    organization_id: 'text',
    file_name: 'text',
    mime_type: 'text',
    size_bytes: 'bigint',
    sha256: 'char(64)',
    storage_key: 'text',
    fetched_at: 'timestamptz',
    created_at: 'timestamptz',
    deleted_at: 'timestamptz',
    problem: 'text',
    raw: 'jsonb',
  },
};

/** A receipts row as the upsert takes it: numbers and timestamps as text PostgreSQL reads back exactly. */
export interface ReceiptRow extends Row {
  id: string;
  transaction_id: string;
  organization_id: string | null;
  file_name: string | null;
  mime_type: string | null;
  size_bytes: string | null;
  sha256: string | null;
  storage_key: string | null;
  fetched_at: string | null;
  created_at: string | null;
  deleted_at: string | null;
  problem: string | null;
  raw: object;
}

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Stored rows of these transactions (and these receipt ids, wherever they are filed),
 * timestamps as PostgreSQL's own text so that writing a row back unchanged changes nothing.
 */
export async function storedReceipts(db: Db, transactionIds: string[], receiptIds: string[]): Promise<ReceiptRow[]> {
  if (transactionIds.length === 0 && receiptIds.length === 0) return [];
  return db.$queryRawUnsafe<ReceiptRow[]>(
    `SELECT id, transaction_id, organization_id, file_name, mime_type, size_bytes::text AS size_bytes, sha256,
            storage_key, fetched_at::text AS fetched_at, created_at::text AS created_at, deleted_at::text AS deleted_at,
            problem, raw
       FROM receipts WHERE transaction_id = ANY($1::text[]) OR id = ANY($2::text[])`,
    transactionIds,
    receiptIds,
  );
}

/** Transaction `t`'s mirrored `receiptIds`, sorted (an absent or odd value counts as none; no `t`: none). */
export const MIRRORED_RECEIPT_IDS = `ARRAY(SELECT jsonb_array_elements_text(
  CASE jsonb_typeof(t.raw->'receiptIds') WHEN 'array' THEN t.raw->'receiptIds' ELSE '[]'::jsonb END) ORDER BY 1)`;

/**
 * Remembers which transactions' receipts were just listed (checked_at orders the audit), with
 * the transaction's `updatedAt` and `receiptIds` as mirrored: when either moves later, the next
 * run lists them again. `organizationId` also files transactions the mirror lacks (listed
 * because an entry names them), so the audit does not ask for them again and again.
 */
export async function recordChecks(
  tx: Prisma.TransactionClient,
  transactionIds: string[],
  organizationId?: string,
): Promise<void> {
  if (transactionIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO receipt_checks (transaction_id, organization_id, transaction_updated_at, receipt_ids, checked_at)
     SELECT i.id, COALESCE(t.organization_id, $2::text), t.updated_at, ${MIRRORED_RECEIPT_IDS}, now()
       FROM (SELECT DISTINCT unnest($1::text[]) AS id) i LEFT JOIN transactions t ON t.id = i.id
      WHERE COALESCE(t.organization_id, $2::text) IS NOT NULL
     ON CONFLICT (transaction_id) DO UPDATE SET transaction_updated_at = excluded.transaction_updated_at,
       receipt_ids = excluded.receipt_ids, checked_at = excluded.checked_at`,
    transactionIds,
    organizationId ?? null,
  );
}
