/**
 * The run history: `sync_runs` (one per sync/backfill) and `sync_run_streams` (one per stream
 * and organization). Page statistics are added inside the page's own transaction, so the
 * history always agrees with the mirror, even after a crash.
 */
import { hostname } from 'node:os';

import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

export type RunKind = 'sync' | 'backfill';
/** `stopped`: asked to stop (a signal) before it did all its work; committed pages are kept. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'incomplete' | 'stopped';

export interface PageStats {
  requests: number;
  retries: number;
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Receipt files downloaded, and their bytes. */
  filesDownloaded: number;
  bytesDownloaded: number;
}

export const emptyStats = (): PageStats => ({
  requests: 0,
  retries: 0,
  pages: 0,
  fetched: 0,
  inserted: 0,
  updated: 0,
  unchanged: 0,
  filesDownloaded: 0,
  bytesDownloaded: 0,
});

export function addStats(into: PageStats, add: PageStats): void {
  for (const key of Object.keys(into) as (keyof PageStats)[]) into[key] += add[key];
}

type Db = PrismaClient | Prisma.TransactionClient;

/** Starts a run; runs left `running` by a process that died (we hold the lock now) are closed as failed. */
export async function startRun(db: PrismaClient, kind: RunKind, scope: object): Promise<bigint> {
  await db.$executeRaw`
    UPDATE sync_runs SET status = 'failed', finished_at = now(),
      error = 'interrupted: the process ended before the run finished; committed pages are kept'
    WHERE status = 'running'`;
  await db.$executeRaw`
    UPDATE sync_run_streams SET status = 'failed', finished_at = now(), error = 'interrupted'
    WHERE status = 'running'`;
  const run = await db.syncRun.create({
    data: { kind, status: 'running', scope: scope as Prisma.InputJsonValue, host: hostname(), pid: process.pid },
  });
  return run.id;
}

export async function startStream(
  db: Db,
  runId: bigint,
  stream: string,
  organizationId: string,
  cursorBefore: unknown,
): Promise<bigint> {
  const row = await db.syncRunStream.create({
    data: {
      runId,
      stream,
      organizationId,
      status: 'running',
      cursorBefore: (cursorBefore ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
  return row.id;
}

/** Adds one page's (or one request's) numbers to the stream's and the run's rows. */
export async function addToRun(
  db: Db,
  runId: bigint,
  streamRowId: bigint,
  s: PageStats,
  cursorAfter?: unknown,
): Promise<void> {
  const cursor = cursorAfter === undefined ? null : JSON.stringify(cursorAfter);
  await db.$executeRaw`
    UPDATE sync_run_streams SET requests = requests + ${s.requests}, retries = retries + ${s.retries},
      pages = pages + ${s.pages}, rows_fetched = rows_fetched + ${s.fetched}, rows_inserted = rows_inserted + ${s.inserted},
      rows_updated = rows_updated + ${s.updated}, rows_unchanged = rows_unchanged + ${s.unchanged},
      files_downloaded = files_downloaded + ${s.filesDownloaded}, bytes_downloaded = bytes_downloaded + ${s.bytesDownloaded},
      cursor_after = COALESCE(${cursor}::jsonb, cursor_after)
    WHERE id = ${streamRowId}`;
  await db.$executeRaw`
    UPDATE sync_runs SET requests = requests + ${s.requests}, retries = retries + ${s.retries},
      pages = pages + ${s.pages}, rows_fetched = rows_fetched + ${s.fetched}, rows_inserted = rows_inserted + ${s.inserted},
      rows_updated = rows_updated + ${s.updated}, rows_unchanged = rows_unchanged + ${s.unchanged},
      files_downloaded = files_downloaded + ${s.filesDownloaded}, bytes_downloaded = bytes_downloaded + ${s.bytesDownloaded}
    WHERE id = ${runId}`;
}

export async function finishStream(db: Db, streamRowId: bigint, status: RunStatus, error?: string): Promise<void> {
  await db.syncRunStream.update({
    where: { id: streamRowId },
    data: { status, finishedAt: new Date(), error: error ?? null },
  });
}

export async function finishRun(db: PrismaClient, runId: bigint, status: RunStatus, error?: string): Promise<void> {
  await db.syncRun.update({ where: { id: runId }, data: { status, finishedAt: new Date(), error: error ?? null } });
}

export async function readCursor(db: Db, stream: string, organizationId: string): Promise<unknown> {
  const row = await db.syncCursor.findUnique({ where: { stream_organizationId: { stream, organizationId } } });
  return row?.value ?? null;
}

export async function writeCursor(
  db: Db,
  stream: string,
  organizationId: string,
  value: unknown,
  runId: bigint,
): Promise<void> {
  const json = value as Prisma.InputJsonValue;
  await db.syncCursor.upsert({
    where: { stream_organizationId: { stream, organizationId } },
    create: { stream, organizationId, value: json, runId },
    update: { value: json, runId, updatedAt: new Date() },
  });
}
