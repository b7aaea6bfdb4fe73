/**
 * Processes stored callbacks in the background: a receipt event re-lists its transaction's
 * receipts (the same check a sync makes), so events may come twice or in any order and the
 * mirror still ends as Pliant is. Woken at once when a callback is stored; also polls, for
 * retries and for events stored while no processor ran (a crash, a restart). A lead event
 * (docs/pliant-api.md, Leads) goes into the lead's history instead (src/leads/).
 */
import type { PrismaClient } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { processLeadCallback } from '../../leads/callbacks.js';
import { isLeadEvent } from '../../leads/states.js';
import type { Logger } from '../../logger.js';
import type { PliantClient } from '../../pliant/client.js';
import { upsertRows } from '../../sync/table-writer.js';
import { checkTransactions } from '../check-transactions.js';
import type { ReceiptsOptions } from '../options.js';
import { RECEIPTS_TABLE, recordChecks } from '../rows.js';
import { claimNext, failEvent, finishEvent, type ClaimedEvent } from './event-store.js';

export interface RetryPolicy {
  /** Delay before the second attempt; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before an event is marked `failed` (the daily sync still covers its transaction). */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 };

export interface ProcessorOptions {
  db: PrismaClient;
  client: PliantClient;
  receipts: ReceiptsOptions;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** How often to look for due retries and for events a stopped process left; default 1 s. */
  pollMs?: number;
  /** An organization's authorization was granted (AUTHORIZATION_GRANTED), once committed. */
  onAuthorized?: (organizationId: string) => void;
}

/** Longest an event may hold its lock (the client's own timeouts end a hung download well before). */
const PROCESS_TIMEOUT_MS = 10 * 60_000;

const RECEIPT_EVENT = /^RECEIPT_/;

export class CallbackProcessor {
  private readonly retry: RetryPolicy;
  private readonly pollMs: number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;

  constructor(private readonly options: ProcessorOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.pollMs = options.pollMs ?? 1_000;
  }

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** A callback was stored: look now rather than at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Finishes the event in hand, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      let found = false;
      let authorized: string | null = null;
      try {
        found = await this.options.db.$transaction(
          async (tx) => {
            const event = await claimNext(tx);
            if (event) authorized = await this.process(tx, event);
            return event !== null;
          },
          { timeout: PROCESS_TIMEOUT_MS },
        );
        // After the commit: whoever reacts sees the lead authorized.
        if (authorized) this.options.onAuthorized?.(authorized);
      } catch (error) {
        // The database is away or the like: say so, wait, try again. The event stays pending.
        this.options.logger.error(`Callback processing: ${error instanceof Error ? error.message : String(error)}`, {
          error,
        });
      }
      if (!found && !this.woken && !this.stopping) await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  /** Within the transaction that holds the event's lock: its effects and its new state commit together. */
  private async process(tx: Prisma.TransactionClient, event: ClaimedEvent): Promise<string | null> {
    const { logger } = this.options;
    const about = {
      callbackId: event.callbackId,
      eventType: event.eventType,
      transactionId: event.transactionId,
      receiptId: event.receiptId,
    };
    if (isLeadEvent(event.eventType)) {
      const result = await processLeadCallback(tx, event.id);
      await finishEvent(tx, event.id, 'processed', result.note);
      logger.info(`Callback ${event.callbackId} (${event.eventType}) processed: ${result.note}`, {
        ...about,
        organizationId: event.organizationId,
      });
      return result.authorized;
    }
    if (!event.eventType || !RECEIPT_EVENT.test(event.eventType)) {
      await finishEvent(
        tx,
        event.id,
        'ignored',
        `not a receipt event (${event.eventType ?? 'no eventType'}): nothing to do`,
      );
      logger.info(
        `Callback ${event.callbackId} (${event.eventType ?? 'no eventType'}) is not about receipts or leads: ignored`,
        about,
      );
      return null;
    }
    try {
      // Reads go through `tx`: on the embedded database the one connection is this transaction's until it ends.
      const target = await this.transactionOf(tx, event);
      if (!target) {
        await finishEvent(
          tx,
          event.id,
          'ignored',
          'names no transactionId, and the receipt is not in the mirror: the next sync covers it',
        );
        return null;
      }
      const stats = { requests: 0, retries: 0 };
      const deps = { client: this.options.client, db: tx, receipts: this.options.receipts, logger, stats };
      const result = await checkTransactions(deps, target.organizationId, [target.transactionId]);
      if (result.unknown.length > 0) throw new Error(`Pliant does not know transaction ${target.transactionId} (yet)`);
      await upsertRows(tx, RECEIPTS_TABLE, result.rows);
      await recordChecks(tx, result.checked);
      await finishEvent(tx, event.id, 'processed');
      logger.info(
        `Callback ${event.callbackId} (${event.eventType}) processed: transaction ${target.transactionId}, ${result.downloads.files} file(s) downloaded`,
        {
          ...about,
          requests: stats.requests,
          filesDownloaded: result.downloads.files,
        },
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempt = event.attempts + 1;
      const retryIn =
        attempt >= this.retry.maxAttempts
          ? null
          : Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      await failEvent(tx, event.id, message, retryIn);
      if (retryIn === null)
        logger.error(
          `Callback ${event.callbackId} failed ${attempt} times, giving up (the daily sync covers its transaction): ${message}`,
          about,
        );
      else
        logger.warn(
          `Callback ${event.callbackId} failed (attempt ${attempt}), trying again in ${(retryIn / 1000).toFixed(1)} s: ${message}`,
          about,
        );
    }
    return null;
  }

  /** The transaction to re-list: from the callback, else from the receipt's row. */
  private async transactionOf(
    db: Prisma.TransactionClient,
    event: ClaimedEvent,
  ): Promise<{ transactionId: string; organizationId: string } | null> {
    if (event.transactionId && event.organizationId)
      return { transactionId: event.transactionId, organizationId: event.organizationId };
    const known = event.receiptId
      ? await db.receipt.findUnique({
          where: { id: event.receiptId },
          select: { transactionId: true, organizationId: true },
        })
      : null;
    const transactionId = event.transactionId ?? known?.transactionId;
    if (!transactionId) return null;
    const organizationId =
      event.organizationId ??
      known?.organizationId ??
      (await db.transaction.findUnique({ where: { id: transactionId }, select: { organizationId: true } }))
        ?.organizationId;
    return organizationId ? { transactionId, organizationId } : null;
  }
}
