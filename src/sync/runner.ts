/**
 * One sync or backfill run: takes the sync lock, records the run, syncs the organizations
 * stream, then every other stream per organization (a few organizations at once, sharing the
 * client's rate limit), checks the statement chain of each organization, and closes the run
 * as succeeded, incomplete or failed.
 */
import pLimit from 'p-limit';

import type { Database } from '../db/database.js';
import type { PrismaClient } from '../db/prisma.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import { MAX_PAGE_SIZE } from '../pliant/endpoints.js';
import type { ReceiptsOptions } from '../receipts/options.js';
import { GLOBAL_SCOPE, type SomeStream, type StreamName, type SyncMode } from '../streams/types.js';
import { silentProgress, type Progress } from './progress.js';
import { addStats, emptyStats, finishRun, startRun, type PageStats, type RunKind, type RunStatus } from './run-log.js';
import { RUN_ORDER } from './stream-order.js';
import { runStream, STOPPED, type StreamOutcome, type StreamRunDeps } from './stream-runner.js';

export interface RunOptions {
  mode: SyncMode;
  /** Only these organizations (default: every organization the partner may read). */
  organizations?: string[];
  /** Only these streams (default: all). */
  streams?: StreamName[];
  /** Records per page (SYNC_PAGE_SIZE). */
  pageSize?: number;
  /** Organizations synced at once; they share the client's rate limit. */
  concurrency?: number;
  progress?: Progress;
  /** Asked to stop: finish the current page, commit, end the run. */
  signal?: AbortSignal;
  /** The receipt store and its settings. Without it the receipts stream is left out (the CLI always passes it). */
  receipts?: ReceiptsOptions;
}

export interface StreamSummary extends PageStats {
  stream: string;
  organizationId: string;
  status: RunStatus;
  error?: string;
  retryable?: boolean;
}

export interface RunResult {
  runId: bigint;
  kind: RunKind;
  status: RunStatus;
  error?: string;
  streams: StreamSummary[];
  totals: PageStats;
  problems: string[];
  /** Failed, and every failure was of the kind that passes (Pliant 5xx, the network): the worker tries again soon. */
  retryable: boolean;
}

export interface RunDeps {
  database: Database;
  client: PliantClient;
  logger: Logger;
}

export async function runSync(deps: RunDeps, options: RunOptions): Promise<RunResult> {
  const { logger } = deps;
  const db = deps.database.prisma;
  const kind: RunKind = options.mode.kind;
  if (options.streams?.includes('receipts') && !options.receipts) {
    throw new Error(
      'The receipts stream needs a receipt store: pass RunOptions.receipts (the CLI builds it from RECEIPTS_DIR).',
    );
  }
  const lock = await deps.database.acquireRunLock(kind);
  try {
    const scope = {
      organizations: options.organizations ?? null,
      streams: options.streams ?? null,
      ...(options.mode.kind === 'backfill'
        ? { from: options.mode.from, to: options.mode.to }
        : { lookbackDays: options.mode.lookbackDays }),
    };
    const runId = await startRun(db, kind, scope);
    logger.info(`${kind} run ${runId} started`, { runId, ...scope });
    const streamDeps: StreamRunDeps = {
      db,
      client: deps.client,
      logger: logger.child({ runId: runId.toString() }),
      runId,
      mode: options.mode,
      pageSize: options.pageSize ?? MAX_PAGE_SIZE,
      progress: options.progress ?? silentProgress,
      stopping: () => options.signal?.aborted === true,
      ...(options.receipts ? { receipts: options.receipts } : {}),
    };
    const wanted = (stream: SomeStream): boolean =>
      (!options.streams || options.streams.includes(stream.name)) &&
      (stream.needs !== 'receipts' || options.receipts !== undefined);
    const summaries: StreamSummary[] = [];
    const problems: string[] = [];
    let skipped = false;
    const record = (stream: string, organizationId: string, outcome: StreamOutcome): void => {
      summaries.push({
        stream,
        organizationId,
        status: outcome.status,
        ...outcome.stats,
        ...(outcome.error ? { error: outcome.error } : {}),
        ...(outcome.retryable ? { retryable: true } : {}),
      });
    };
    /** One stream for one organization, then its own check (the statement chain of account entries). */
    const run = async (stream: SomeStream, organizationId: string): Promise<void> => {
      const outcome = await runStream(streamDeps, stream, organizationId);
      record(stream.name, organizationId, outcome);
      if (!stream.verify || outcome.status !== 'succeeded') return;
      const found = await stream.verify({
        db,
        organizationId,
        logger: streamDeps.logger,
        reread: async (label, fetch) =>
          record(label, organizationId, await runStream(streamDeps, stream, organizationId, { label, fetch })),
      });
      problems.push(...found);
    };

    for (const stream of RUN_ORDER.global.filter(wanted)) await run(stream, GLOBAL_SCOPE);
    const organizations = await organizationsToSync(db, options.organizations);
    if (organizations.length === 0)
      logger.warn('No organization to sync: the partner is authorized for none yet, or --org named none.');

    const limit = pLimit(Math.max(1, options.concurrency ?? 2));
    await Promise.all(
      organizations.map((organizationId) =>
        limit(async () => {
          for (const stream of RUN_ORDER.perOrganization.filter(wanted)) {
            if (streamDeps.stopping()) {
              skipped = true;
              break;
            }
            await run(stream, organizationId);
          }
        }),
      ),
    );

    const failed = summaries.filter((s) => s.status === 'failed');
    // Stopped by a stream that saw the stop, or between streams (no stream saw it, but work was left).
    const stopped = skipped || summaries.some((s) => s.status === 'stopped');
    const status: RunStatus =
      failed.length > 0 ? 'failed' : stopped ? 'stopped' : problems.length > 0 ? 'incomplete' : 'succeeded';
    const error =
      failed.length > 0
        ? [...new Set(failed.map((f) => f.error ?? `${f.stream} failed`))].join('; ')
        : stopped
          ? STOPPED
          : problems.length > 0
            ? `incomplete: ${problems.join('; ')}`
            : undefined;
    await finishRun(db, runId, status, error);
    const totals = emptyStats();
    for (const s of summaries) addStats(totals, s);
    logger.info(`${kind} run ${runId} ${status}`, { runId, status, ...totals, ...(error ? { error } : {}) });
    const retryable = failed.length > 0 && failed.every((f) => f.retryable === true);
    return { runId, kind, status, streams: summaries, totals, problems, retryable, ...(error ? { error } : {}) };
  } finally {
    await lock.release();
  }
}

/** --org as given, else every organization in the mirror (the organizations stream just refreshed it). */
async function organizationsToSync(db: PrismaClient, only: string[] | undefined): Promise<string[]> {
  if (only && only.length > 0) return [...new Set(only)];
  const rows = await db.organization.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.id);
}
