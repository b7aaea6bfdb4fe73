/**
 * Lists the receipts of some transactions and brings the `receipts` rows and the store in
 * line with them: new and changed receipts are downloaded, unchanged ones cost nothing but
 * the listing, and a receipt gone from its transaction's list is marked deleted (its file
 * stays). Returns the rows to upsert; the caller commits them (with the checks) in one
 * transaction, after the files are in the store, so no row ever points at a missing file.
 */
import pLimit from 'p-limit';

import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import { MAX_PAGE_SIZE } from '../pliant/endpoints.js';
import { PliantApiError } from '../pliant/errors.js';
import type { CallStats } from '../pliant/http.js';
import type { Receipt } from '../pliant/schemas.js';
import { instant, text } from '../streams/mapping.js';
import type { DownloadCounts } from '../streams/types.js';
import { sortKeys } from './canonical.js';
import { fetchReceiptFile, PROBLEM, type FileOutcome } from './fetch-file.js';
import type { ReceiptsOptions } from './options.js';
import { storedReceipts, type ReceiptRow } from './rows.js';

/** Transactions listed (and files fetched) at once; the client's rate limit paces them all. */
const CONCURRENCY = 4;

export interface CheckDeps {
  client: PliantClient;
  /** Only read: a transaction's client when the caller holds one (the embedded database has one connection). */
  db: PrismaClient | Prisma.TransactionClient;
  receipts: ReceiptsOptions;
  logger: Logger;
  stats: CallStats;
  pageSize?: number;
}

export interface CheckResult {
  rows: ReceiptRow[];
  downloads: DownloadCounts;
  /** Transactions whose receipts were listed (for `receipt_checks`). */
  checked: string[];
  /** Transactions Pliant does not know (HTTP 404): left as they are. */
  unknown: string[];
}

export async function checkTransactions(
  deps: CheckDeps,
  organizationId: string,
  transactionIds: string[],
): Promise<CheckResult> {
  const limit = pLimit(CONCURRENCY);
  const listed = new Map<string, Receipt[]>();
  const unknown: string[] = [];
  await Promise.all(
    transactionIds.map((id) =>
      limit(async () => {
        const receipts = await listReceipts(deps, id);
        if (receipts) listed.set(id, receipts);
        else unknown.push(id);
      }),
    ),
  );
  const checked = transactionIds.filter((id) => listed.has(id));
  const allListed = [...listed.values()].flat();
  const stored = new Map(
    (
      await storedReceipts(
        deps.db,
        checked,
        allListed.map((r) => r.receiptId),
      )
    ).map((r) => [r.id, r]),
  );
  const now = new Date().toISOString();
  const downloads: DownloadCounts = { files: 0, bytes: 0 };
  const rows: ReceiptRow[] = [];

  await Promise.all(
    [...listed].flatMap(([transactionId, receipts]) =>
      receipts.map((receipt) =>
        limit(async () => {
          const before = stored.get(receipt.receiptId);
          const row = rowOf(receipt, transactionId, organizationId, before);
          if (await needsDownload(row, before, deps.receipts)) {
            const outcome = await fetchReceiptFile(
              { ...deps.receipts, client: deps.client, stats: deps.stats },
              receipt.receiptId,
              receipt.mimeType,
            );
            if (outcome.kind !== 'failed') {
              downloads.files += 1;
              downloads.bytes += outcome.size;
            }
            applyOutcome(row, outcome, now);
            if (row.problem) {
              const about = { organizationId, transactionId, receiptId: receipt.receiptId };
              deps.logger.warn(`Receipt ${receipt.receiptId} of transaction ${transactionId}: ${row.problem}`, about);
            }
          }
          rows.push(row);
        }),
      ),
    ),
  );

  // Gone from its transaction's list: deleted at Pliant. The row and the file stay.
  const listedIds = new Set(allListed.map((r) => r.receiptId));
  for (const row of stored.values()) {
    if (row.deleted_at === null && listed.has(row.transaction_id) && !listedIds.has(row.id))
      rows.push({ ...row, deleted_at: now });
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rows, downloads, checked, unknown };
}

/** Every page of a transaction's receipts; undefined when Pliant does not know the transaction. */
async function listReceipts(deps: CheckDeps, transactionId: string): Promise<Receipt[] | undefined> {
  const out: Receipt[] = [];
  try {
    for await (const page of deps.client.receipts(
      { transactionId, limit: deps.pageSize ?? MAX_PAGE_SIZE },
      { stats: deps.stats },
    ))
      out.push(...page.records);
  } catch (error) {
    if (error instanceof PliantApiError && error.status === 404) {
      deps.logger.warn(
        `Pliant does not know transaction ${transactionId} (HTTP 404 listing its receipts): its receipts are left as they are`,
        { transactionId },
      );
      return undefined;
    }
    throw error;
  }
  return out;
}

/** The row for a listed receipt: Pliant's metadata, and the file columns as they were. */
function rowOf(
  receipt: Receipt,
  transactionId: string,
  organizationId: string,
  before: ReceiptRow | undefined,
): ReceiptRow {
  return {
    id: receipt.receiptId,
    transaction_id: receipt.transactionId ?? transactionId,
    organization_id: organizationId,
    file_name: text(receipt.fileName),
    mime_type: text(receipt.mimeType),
    size_bytes: before?.size_bytes ?? null,
    sha256: before?.sha256 ?? null,
    storage_key: before?.storage_key ?? null,
    fetched_at: before?.fetched_at ?? null,
    created_at: instant(receipt.createdAt) ?? before?.created_at ?? null,
    deleted_at: null,
    problem: before?.problem ?? null,
    raw: receipt,
  };
}

/**
 * A file is fetched when the receipt is new, Pliant's metadata changed (a replacement), the
 * last download failed, the stored file is gone, or it was too large for a cap since raised.
 */
async function needsDownload(
  row: ReceiptRow,
  before: ReceiptRow | undefined,
  options: ReceiptsOptions,
): Promise<boolean> {
  if (!before || before.fetched_at === null) return true;
  if (JSON.stringify(sortKeys(before.raw)) !== JSON.stringify(sortKeys(row.raw))) return true;
  if (before.storage_key === null) {
    return before.problem?.startsWith(PROBLEM.tooLarge) === true && Number(before.size_bytes) <= options.maxBytes;
  }
  return !(await options.store.has(before.storage_key));
}

function applyOutcome(row: ReceiptRow, outcome: FileOutcome, now: string): void {
  if (outcome.kind === 'failed') {
    // The previous file (if any) stays referenced; fetched_at null makes the next run try again.
    row.fetched_at = null;
    row.problem = outcome.problem;
    return;
  }
  row.size_bytes = String(outcome.size);
  row.sha256 = outcome.sha256;
  row.fetched_at = now;
  row.storage_key = outcome.kind === 'stored' ? outcome.key : null;
  row.problem = outcome.kind === 'stored' ? null : outcome.problem;
}
