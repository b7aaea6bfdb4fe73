/**
 * The first sync of a newly authorized organization, at once rather than at the next daily
 * tick. The worker's runs (daily and these) go through one RunQueue, so one waits for the
 * other instead of failing on the sync lock; a run of another host holding the lock is waited
 * out by trying again later. The daily runs pick the organization up by themselves: the
 * organizations stream lists it from now on.
 */
import type { Database } from '../db/database.js';
import { LockHeldError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import { runSync, type RunOptions, type RunResult } from '../sync/runner.js';
import { awaitingFirstSync, markFirstSync } from './store.js';

/** Runs one job at a time, in the order asked. */
export class RunQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  enqueue<T>(job: () => Promise<T>): Promise<T> {
    this.pending++;
    const run = this.tail.then(job, job).finally(() => this.pending--);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every job asked so far has ended. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}

export interface OrganizationSyncsOptions {
  database: Database;
  client: PliantClient;
  logger: Logger;
  queue: RunQueue;
  /** The worker's run options (mode, receipts, page size, stop signal); `organizations` is set here. */
  runOptions: () => Omit<RunOptions, 'organizations'>;
  /** Wait before trying again when another host's run holds the lock; default 60 s. */
  lockRetryMs?: number;
  /** Tries before leaving it to the daily run; default 60. */
  maxTries?: number;
}

export class OrganizationSyncs {
  private readonly waiting = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly options: OrganizationSyncsOptions) {}

  /** Syncs the organization as soon as no other run of this worker is going. */
  request(organizationId: string, tries = 1): void {
    if (this.stopped || this.waiting.has(organizationId)) return;
    this.waiting.add(organizationId);
    this.options.logger.info(`Organization ${organizationId} authorized the integration: syncing it now`, {
      organizationId,
    });
    void this.options.queue.enqueue(() => this.run(organizationId, tries));
  }

  /** Leads authorized while no worker ran (or whose first sync failed): their sync now. */
  async resume(): Promise<void> {
    for (const lead of await awaitingFirstSync(this.options.database.prisma)) this.request(lead.organizationId!);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async run(organizationId: string, tries: number): Promise<RunResult | null> {
    this.waiting.delete(organizationId);
    if (this.stopped) return null;
    const { database, client, logger } = this.options;
    try {
      const result = await runSync(
        { database, client, logger },
        { ...this.options.runOptions(), organizations: [organizationId] },
      );
      if (result.status === 'succeeded') await markFirstSync(database.prisma, organizationId, result.runId);
      const log = result.status === 'succeeded' ? logger.info.bind(logger) : logger.error.bind(logger);
      log(
        `First sync of organization ${organizationId}: run ${result.runId} ${result.status}${result.error ? `: ${result.error}` : ''}`,
        { organizationId, runId: result.runId.toString() },
      );
      return result;
    } catch (error) {
      const max = this.options.maxTries ?? 60;
      if (error instanceof LockHeldError && tries < max) {
        const delay = this.options.lockRetryMs ?? 60_000;
        logger.warn(
          `First sync of organization ${organizationId} waits: ${error.message} Trying again in ${Math.round(delay / 1000)} s.`,
          { organizationId },
        );
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.request(organizationId, tries + 1);
        }, delay);
        timer.unref();
        this.timers.add(timer);
      } else {
        logger.error(`First sync of organization ${organizationId} failed; the daily run includes it`, {
          organizationId,
          error,
        });
      }
      return null;
    }
  }
}
