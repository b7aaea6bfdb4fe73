/**
 * The worker's schedule: one sync per SYNC_CRON tick in SYNC_TIMEZONE (node-cron).
 * - On start it catches up when the last successful run is older than the last scheduled time.
 * - Runs never overlap: a tick while a run is going is skipped (and the database lock keeps
 *   other hosts out).
 * - A failed run is logged with its cause and simply tried again at the next tick.
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
}

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
    return CronExpressionParser.parse(expression, { currentDate: new Date(now.getTime() + 1), tz: timezone }).prev().toDate();
  } catch {
    return null;
  }
}

export function startDailySync(options: DailySyncOptions): DailySync {
  const { logger } = options;
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  let running: Promise<void> | null = null;

  const runOnce = (reason: string): Promise<void> | null => {
    if (running) {
      logger.warn(`Skipping the ${reason} run: the previous run is still going`);
      return null;
    }
    logger.info(`Starting the ${reason} sync run`);
    running = options
      .run(controller.signal)
      .then((result) => {
        const log = result.status === 'succeeded' ? logger.info.bind(logger) : logger.error.bind(logger);
        log(`The ${reason} sync run ${result.runId} ${result.status}${result.error ? `: ${result.error}` : ''}`, { runId: result.runId.toString(), status: result.status });
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

  const task = cron.schedule(options.cron, () => void runOnce('scheduled'), { timezone: options.timezone, noOverlap: true, name: 'pliant-sync' });
  const next = task.getNextRun();
  logger.info(`Worker scheduled: "${options.cron}" in ${options.timezone}${next ? `, next run ${next.toISOString()}` : ''}`);

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
      await task.stop();
      await task.destroy();
      controller.abort();
      await ready.catch(() => undefined);
      if (running) await running;
    },
  };
}
