/**
 * The shape every stream has: what it fetches (pages of API records), how a record becomes a
 * mirror row, and (for incremental streams) how its cursor moves. One module per stream.
 */
import type { PrismaClient } from '../db/prisma.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import type { CallStats } from '../pliant/http.js';
import type { ReceiptsOptions } from '../receipts/options.js';
import type { Row, TableSpec } from '../sync/table-writer.js';

export const STREAM_NAMES = [
  'organizations',
  'cardholders',
  'cards',
  'account-entries',
  'transactions',
  'bill-payments',
  'receipts',
] as const;
export type StreamName = (typeof STREAM_NAMES)[number];

/** `sync` reads from the cursor (minus the overlap); `backfill` reads a booking-date range and never moves a cursor. */
export type SyncMode =
  { kind: 'sync'; lookbackDays: number; today: string } | { kind: 'backfill'; from: string; to: string };

export interface StreamContext<C = never> {
  client: PliantClient;
  db: PrismaClient;
  organizationId: string;
  mode: SyncMode;
  /** The stream's cursor as last committed (null on a first run, in backfills, and for streams without one). */
  cursor: C | null;
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

/**
 * A stream of records R with a cursor C (`never`: no cursor). Each module exports one; the
 * runner orders them by `scope` and `after`.
 */
export interface Stream<R, C = never> {
  name: StreamName;
  /** `global` streams (organizations) run once per run, under organization id '*', before the others. */
  scope: 'global' | 'organization';
  /** Streams of the same organization whose rows this one reads: they run first. */
  after: readonly StreamName[];
  table: TableSpec;
  /** Pages of records, in the order the API gives them. */
  fetch(ctx: StreamContext<C>): AsyncIterable<StreamPage<R>>;
  /** `receipts`: runs only when the run has a receipt store (`RunOptions.receipts`). */
  needs?: 'receipts';
  toRow(record: R, rows: RowContext): Row;
  /** Incremental streams: the cursor after `records`, never behind `cursor`. */
  cursorAfter?(cursor: C | null, records: R[]): C | null;
  /**
   * `page`: pages arrive in cursor order, so the cursor is committed with every page and a
   * crash resumes after the last committed page. `end`: pages arrive in another order, so
   * the cursor is committed with the last page only (a crash re-reads, harmlessly).
   */
  cursorCommit?: 'page' | 'end';
  /**
   * After the stream succeeded for an organization: a check of what it mirrored. `reread`
   * runs the stream again with other pages (committed like any page); what the check still
   * finds makes the run incomplete.
   */
  verify?(check: VerifyContext<R, C>): Promise<string[]>;
}

export interface VerifyContext<R, C> {
  db: PrismaClient;
  organizationId: string;
  logger: Logger;
  reread(label: string, fetch: (ctx: StreamContext<C>) => AsyncIterable<StreamPage<R>>): Promise<void>;
}

/** The registry's view of a stream: its records' and cursor's types are its module's business. */
export type SomeStream = Stream<unknown, unknown>;

/** What a stream's toRow may need beyond the record. */
export interface RowContext {
  organizationId: string;
  /** Cards of the organization flagged `platformFee` (fees and card checks live there). */
  platformFeeCardIds: ReadonlySet<string>;
}

export const GLOBAL_SCOPE = '*';
