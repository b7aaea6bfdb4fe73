/**
 * The shape every stream has: what it fetches (pages of API records), how a record becomes a
 * mirror row, and (for incremental streams) how its cursor moves. One module per stream.
 */
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import type { CallStats } from '../pliant/http.js';
import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { ReceiptsOptions } from '../receipts/options.js';
import type { Row, TableSpec } from '../sync/table-writer.js';

export const STREAM_NAMES = ['organizations', 'cardholders', 'cards', 'account-entries', 'transactions', 'bill-payments', 'receipts'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** `sync` reads from the cursor (minus the overlap); `backfill` reads a booking-date range and never moves a cursor. */
export type SyncMode = { kind: 'sync'; lookbackDays: number; today: string } | { kind: 'backfill'; from: string; to: string };

export interface StreamContext {
  client: PliantClient;
  db: PrismaClient;
  organizationId: string;
  mode: SyncMode;
  /** The stream's cursor as last committed (null on a first run, and in backfills). */
  cursor: unknown;
  /** Records per page asked of the API (SYNC_PAGE_SIZE). */
  pageSize: number;
  /** Counts this stream's requests and retries. */
  stats: CallStats;
  logger: Logger;
  /** The receipt store and its settings; only streams with `needs: 'receipts'` use it. */
  receipts?: ReceiptsOptions;
}

/** Receipt files downloaded for a page (listing requests are counted as requests). */
export interface DownloadCounts {
  files: number;
  bytes: number;
}

/** One page of a stream: its records, and what else belongs in the page's database transaction. */
export interface StreamPage<R> {
  records: R[];
  downloads?: DownloadCounts;
  /** Extra writes committed with the page's rows (e.g. which transactions' receipts were checked). */
  alsoCommit?: (tx: Prisma.TransactionClient) => Promise<void>;
}

export interface Stream<R> {
  name: StreamName;
  /** `global` streams (organizations) run once per run, under organization id '*'. */
  scope: 'global' | 'organization';
  table: TableSpec;
  /** Pages of records, in the order the API gives them. */
  fetch(ctx: StreamContext): AsyncIterable<StreamPage<R>>;
  /** `receipts`: runs only when the run has a receipt store (`RunOptions.receipts`). */
  needs?: 'receipts';
  toRow(record: R, rows: RowContext): Row;
  /** Incremental streams: the cursor after `records`, never behind `cursor`. */
  cursorAfter?(cursor: unknown, records: R[]): unknown;
  /**
   * `page`: pages arrive in cursor order, so the cursor is committed with every page and a
   * crash resumes after the last committed page. `end`: pages arrive in another order, so
   * the cursor is committed with the last page only (a crash re-reads, harmlessly).
   */
  cursorCommit?: 'page' | 'end';
}

/** What a stream's toRow may need beyond the record. */
export interface RowContext {
  organizationId: string;
  /** Cards of the organization flagged `platformFee` (fees and card checks live there). */
  platformFeeCardIds: ReadonlySet<string>;
}

export const GLOBAL_SCOPE = '*';
