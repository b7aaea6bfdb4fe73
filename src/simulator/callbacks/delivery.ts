// Callback delivery: at least once, in no promised order. Each callback is
// POSTed with the Pliant and Standard Webhooks headers; a non-2xx answer or a
// network error is retried with exponential backoff up to `attempts` times.
import type { SigningKeys } from './signing.js';

export interface CallbackRetry {
  /** total attempts per callback, first one included */
  attempts: number;
  /** delay before the 2nd attempt; doubles each time */
  baseDelayMs: number;
  /** per-attempt timeout */
  timeoutMs: number;
}

export const DEFAULT_CALLBACK_RETRY: CallbackRetry = { attempts: 6, baseDelayMs: 1000, timeoutMs: 10000 };

export interface CallbackEvent {
  id: string;
  organizationId: string;
  /** ISO timestamp of the event on the simulator's clock */
  createdAt: string;
  body: string;
}

export interface DeliveryAttempt {
  callbackId: string;
  eventType: string;
  attempt: number;
  /** HTTP status, or 0 when the request failed */
  status: number;
  error?: string;
  at: string;
}

export interface CallbackRecord {
  id: string;
  eventType: string;
  organizationId: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: number;
}

const MAX_LOG = 5000;
const CONCURRENCY = 4;

export class CallbackDispatcher {
  url: string | null;
  retry: CallbackRetry;
  readonly records: CallbackRecord[] = [];
  readonly attempts: DeliveryAttempt[] = [];
  private queue: { rec: CallbackRecord; event: CallbackEvent; attempt: number }[] = [];
  private inFlight = 0;
  private timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly keys: SigningKeys,
    url: string | null,
    retry: CallbackRetry,
    private readonly duplicate: () => boolean,
  ) {
    this.url = url;
    this.retry = retry;
  }

  enqueue(event: CallbackEvent): void {
    const eventType = (JSON.parse(event.body) as { eventType: string }).eventType;
    const rec: CallbackRecord = {
      id: event.id,
      eventType,
      organizationId: event.organizationId,
      body: event.body,
      state: this.url ? 'pending' : 'dropped',
      attempts: 0,
    };
    this.records.push(rec);
    if (this.records.length > MAX_LOG) this.records.splice(0, this.records.length - MAX_LOG);
    if (!this.url || this.closed) return;
    this.queue.push({ rec, event, attempt: 1 });
    // at-least-once means sometimes twice
    if (this.duplicate()) this.queue.push({ rec, event, attempt: 1 });
    this.pump();
  }

  /** Resolves when nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue = [];
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.inFlight === 0 && this.timers.size === 0;
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.closed) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < CONCURRENCY && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.inFlight++;
      void this.send(job).finally(() => {
        this.inFlight--;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private async send(job: { rec: CallbackRecord; event: CallbackEvent; attempt: number }): Promise<void> {
    const { rec, event } = job;
    const url = this.url;
    if (!url) {
      rec.state = 'dropped';
      return;
    }
    // the timestamp is the sending time (receivers reject > 5 min skew), re-signed on every attempt
    const timestamp = Math.floor(Date.now() / 1000);
    let status = 0;
    let error: string | undefined;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-callback-id': event.id,
          'x-callback-created-at': event.createdAt,
          'x-organization-id': event.organizationId,
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': this.keys.signature(event.id, timestamp, event.body),
        },
        body: event.body,
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    rec.attempts++;
    this.attempts.push({
      callbackId: event.id,
      eventType: rec.eventType,
      attempt: job.attempt,
      status,
      error,
      at: new Date().toISOString(),
    });
    if (this.attempts.length > MAX_LOG) this.attempts.splice(0, this.attempts.length - MAX_LOG);
    if (status >= 200 && status < 300) {
      rec.state = 'delivered';
      return;
    }
    if (job.attempt >= this.retry.attempts || this.closed) {
      if (rec.state !== 'delivered') rec.state = 'failed';
      return;
    }
    const delay = this.retry.baseDelayMs * 2 ** (job.attempt - 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push({ ...job, attempt: job.attempt + 1 });
      this.pump();
      this.notifyIdle();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
