/**
 * The worker's schedule: one sync per SYNC_CRON tick in SYNC_TIMEZONE (node-cron).
 * - On start it catches up when the last successful run is older than the last scheduled time.
 * - Runs never overlap: a tick while a run is going is skipped (and the database lock keeps
 *   other hosts out).
 * - A failed run is logged with its cause and tried again at the next tick; one whose failures
 *   were all transient (Pliant 5xx, the network) is tried again after 1, 5 and 15 minutes first.
 * - stop() lets the current run finish its page and commit, then resolves.
 */
import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';

import { LockHeldError } from '../src/errors.js';
import type { Logger } from '../src/logger.js';
import type { RunResult } from '../src/sync/runner.js';

export interface DailySyncOptions {
  cron: string;
  timezone: string;
  logger: Logger;
  /** One sync run; `signal` asks it to stop after the current page. */
  run: (signal: AbortSignal) => Promise<RunResult>;
  /** When the last successful sync finished (null: never). */
  lastSuccess: () => Promise<Date | null>;
  now?: () => Date;
  /** Waits before trying a run again whose failures were all transient; then the next tick. */
  retryDelaysMs?: readonly number[];
}

/** 1, 5 and 15 minutes: a Pliant outage or a network hiccup rarely lasts longer, and a day is long to wait. */
export const RETRY_DELAYS_MS = [60_000, 300_000, 900_000] as const;

export interface DailySync {
  /** Resolves when the catch-up decision (and a catch-up run, if any) is done. */
  ready: Promise<void>;
  /** The current run, if one is going. */
  current(): Promise<void> | null;
  stop(): Promise<void>;
}

/** The latest instant at or before `now` that the schedule matches, in its time zone (cron-parser). */
export function previousScheduled(expression: string, timezone: string, now: Date): Date | null {
  try {
    // prev() is strictly before its start: start a millisecond late so `now` itself counts.
    return CronExpressionParser.parse(expression, { currentDate: new Date(now.getTime() + 1), tz: timezone })
      .prev()
      .toDate();
  } catch {
    return null;
  }
}

export function startDailySync(options: DailySyncOptions): DailySync {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  let running: Promise<void> | null = null;

  const retryDelays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  let retries = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  /** After a run: a transient failure is tried again soon (a few times); anything else waits for the next tick. */
  const afterRun = (result: RunResult): void => {
    if (
      !(result.status === 'failed' && result.retryable) ||
      retries >= retryDelays.length ||
      controller.signal.aborted
    ) {
      retries = 0;
      return;
    }
    const delay = retryDelays[retries]!;
    retries += 1;
    logger.warn(
      `Run ${result.runId} failed for a reason that may pass (Pliant or the network): trying again in ${Math.round(delay / 1000)} s (retry ${retries} of ${retryDelays.length})`,
    );
    retryTimer = setTimeout(() => void runOnce('retry'), delay);
    retryTimer.unref();
  };

  const runOnce = (reason: string): Promise<void> | null => {
    if (running) {
      logger.warn(`Skipping the ${reason} run: the previous run is still going`);
      return null;
    }
    logger.info(`Starting the ${reason} sync run`);
    running = options
      .run(controller.signal)
      .then((result) => {
        // A stop on request is the operator's doing, not a fault.
        const log =
          result.status === 'succeeded'
            ? logger.info.bind(logger)
            : result.status === 'stopped'
              ? logger.warn.bind(logger)
              : logger.error.bind(logger);
        log(`The ${reason} sync run ${result.runId} ${result.status}${result.error ? `: ${result.error}` : ''}`, {
          runId: result.runId.toString(),
          status: result.status,
        });
        afterRun(result);
      })
      .catch((error: unknown) => {
        if (error instanceof LockHeldError) logger.warn(`Skipping the ${reason} run: ${error.message}`);
        else logger.error(`The ${reason} sync run failed; the next tick tries again`, { error });
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const task = cron.schedule(options.cron, () => void runOnce('scheduled'), {
    timezone: options.timezone,
    noOverlap: true,
    name: 'pliant-sync',
  });
  const next = task.getNextRun();
  logger.info(
    `Worker scheduled: "${options.cron}" in ${options.timezone}${next ? `, next run ${next.toISOString()}` : ''}`,
  );

  const ready = (async () => {
    const due = previousScheduled(options.cron, options.timezone, now());
    const last = await options.lastSuccess();
    if (!last || (due && last < due)) {
      logger.info(
        last
          ? `Catching up: the last successful run (${last.toISOString()}) is older than the last scheduled time ${due!.toISOString()}`
          : 'Catching up: no sync run has succeeded yet',
      );
      await runOnce('catch-up');
    }
  })();

  return {
    ready,
    current: () => running,
    async stop() {
      clearTimeout(retryTimer);
      await task.stop();
      await task.destroy();
      controller.abort();
      await ready.catch(() => undefined);
      if (running) await running;
    },
  };
}
