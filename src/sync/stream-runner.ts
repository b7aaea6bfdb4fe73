/**
 * Runs one stream for one organization: each page's rows, the cursor advance and the run
 * statistics are committed in ONE database transaction, so after a crash at any instant the
 * mirror, the cursor and the history agree, and the next run resumes after the last
 * committed page.
 */
import type { PrismaClient } from '../db/prisma.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import { PliantApiError, PliantError } from '../pliant/errors.js';
import type { CallStats } from '../pliant/http.js';
import type { ReceiptsOptions } from '../receipts/options.js';
import type { RowContext, Stream, StreamContext, StreamPage, SyncMode } from '../streams/types.js';
import type { Progress } from './progress.js';
import {
  addStats,
  addToRun,
  emptyStats,
  finishStream,
  readCursor,
  startStream,
  writeCursor,
  type PageStats,
  type RunStatus,
} from './run-log.js';
import { upsertRows } from './table-writer.js';

export const STOPPED = 'stopped on request after a committed page; the next run resumes from there';

/** Pliant's answer for an organization that is not (or no longer) active. */
const NOT_ACTIVE_ORG = 'NOT_ACTIVE_ORG';

export interface StreamRunDeps {
  db: PrismaClient;
  client: PliantClient;
  logger: Logger;
  runId: bigint;
  mode: SyncMode;
  pageSize: number;
  progress: Progress;
  /** Set when the process is asked to stop: the current page is finished and committed, then the stream stops. */
  stopping: () => boolean;
  /** The receipt store, for the receipts stream. */
  receipts?: ReceiptsOptions;
}

export interface StreamOutcome {
  status: RunStatus;
  stats: PageStats;
  error?: string;
  /** A failure that may pass by itself (Pliant 5xx, the network): worth trying again soon. */
  retryable?: boolean;
}

/** Pages of one stream, committed one by one; `fetch` overrides the stream's own (targeted re-reads). */
export async function runStream<R, C>(
  deps: StreamRunDeps,
  stream: Stream<R, C>,
  organizationId: string,
  options: { fetch?: (ctx: StreamContext<C>) => AsyncIterable<StreamPage<R>>; label?: string } = {},
): Promise<StreamOutcome> {
  const { db, runId, mode } = deps;
  const keepsCursor = mode.kind === 'sync' && stream.cursorAfter !== undefined && options.fetch === undefined;
  // The stored JSON is what this stream's cursorAfter wrote: its own type C.
  const before = keepsCursor ? ((await readCursor(db, stream.name, organizationId)) as C | null) : null;
  const streamRowId = await startStream(db, runId, options.label ?? stream.name, organizationId, before);
  deps.progress.start?.(stream.name, organizationId);
  const rows: RowContext = { organizationId, platformFeeCardIds: await platformFeeCards(db, organizationId) };
  const calls: CallStats = { requests: 0, retries: 0 };
  const committed: CallStats = { requests: 0, retries: 0 };
  const total = emptyStats();
  const ctx: StreamContext<C> = {
    client: deps.client,
    db,
    organizationId,
    mode,
    pageSize: deps.pageSize,
    cursor: before,
    stats: calls,
    logger: deps.logger,
    ...(deps.receipts ? { receipts: deps.receipts } : {}),
  };
  const callDelta = (): Pick<PageStats, 'requests' | 'retries'> => {
    const delta = { requests: calls.requests - committed.requests, retries: calls.retries - committed.retries };
    Object.assign(committed, calls);
    return delta;
  };

  let cursor = before;
  let stopped = false;
  try {
    for await (const page of (options.fetch ?? stream.fetch.bind(stream))(ctx)) {
      const pageRows = page.records.map((r) => stream.toRow(r, rows));
      const next = keepsCursor ? stream.cursorAfter!(cursor, page.records) : null;
      // Written only when it moved: a run that finds nothing new writes nothing at all.
      const commitCursor = keepsCursor && stream.cursorCommit === 'page' && next !== null && !sameJson(next, cursor);
      const stats = await db.$transaction(async (tx) => {
        const counts = await upsertRows(tx, stream.table, pageRows);
        if (page.alsoCommit) await page.alsoCommit(tx);
        if (commitCursor) await writeCursor(tx, stream.name, organizationId, next, runId);
        const downloads = { filesDownloaded: page.downloads?.files ?? 0, bytesDownloaded: page.downloads?.bytes ?? 0 };
        const s: PageStats = { ...callDelta(), pages: 1, fetched: pageRows.length, ...counts, ...downloads };
        await addToRun(tx, runId, streamRowId, s, commitCursor ? next : undefined);
        return s;
      });
      if (keepsCursor) cursor = next;
      addStats(total, stats);
      deps.progress.page(stream.name, organizationId, total);
      if (deps.stopping()) {
        stopped = true;
        break;
      }
    }
    // Cursors of streams whose pages are not in cursor order move once all pages are in.
    const endCursor =
      keepsCursor && stream.cursorCommit === 'end' && !stopped && cursor !== null && !sameJson(cursor, before);
    await db.$transaction(async (tx) => {
      if (endCursor) await writeCursor(tx, stream.name, organizationId, cursor, runId);
      const s: PageStats = { ...emptyStats(), ...callDelta() };
      addStats(total, s);
      await addToRun(tx, runId, streamRowId, s, endCursor ? cursor : undefined);
      await finishStream(tx, streamRowId, stopped ? 'stopped' : 'succeeded', stopped ? STOPPED : undefined);
    });
    deps.progress.streamDone(stream.name, organizationId, total, stopped ? 'stopped' : 'succeeded');
    return stopped ? { status: 'stopped', stats: total, error: STOPPED } : { status: 'succeeded', stats: total };
  } catch (thrown) {
    if (thrown instanceof PliantApiError && thrown.code === NOT_ACTIVE_ORG) {
      // Onboarding or deactivated: nothing to read, which is no failure.
      const note = `skipped: Pliant answered ${NOT_ACTIVE_ORG} for organization ${organizationId}`;
      await addToRun(db, runId, streamRowId, { ...emptyStats(), ...callDelta() });
      await finishStream(db, streamRowId, 'succeeded', note);
      deps.logger.warn(note, { organizationId, stream: stream.name });
      return { status: 'succeeded', stats: total };
    }
    const message = `organization ${organizationId}, stream ${stream.name}: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
    // The failed page's requests still count; its rows and cursor were never committed.
    const s: PageStats = { ...emptyStats(), ...callDelta() };
    addStats(total, s);
    await addToRun(db, runId, streamRowId, s).catch(() => undefined);
    await finishStream(db, streamRowId, 'failed', message).catch(() => undefined);
    deps.logger.error(message, { organizationId, stream: stream.name, error: thrown });
    deps.progress.streamDone(stream.name, organizationId, total, 'failed');
    return {
      status: 'failed',
      stats: total,
      error: message,
      retryable: thrown instanceof PliantError && thrown.retryable,
    };
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

async function platformFeeCards(db: PrismaClient, organizationId: string): Promise<Set<string>> {
  const cards = await db.card.findMany({ where: { organizationId, platformFee: true }, select: { id: true } });
  return new Set(cards.map((c) => c.id));
}
