/**
 * Sliding-log rate limiter: at most `maxRequests` requests in any `windowMs`.
 * Our own (~60 lines) because no installed package does this; p-throttle is not a
 * dependency.
 *
 * A slot is held from its grant until its request has finished, and then for one
 * more window. Pliant counts a request when it arrives, which is after our grant
 * and before we see the answer, so timing the window from completion keeps the
 * server's count under the limit too, even when requests overlap.
 */

export interface Slot {
  /** Idempotent: call when the request finished (answer, error or timeout). */
  release(): void;
}

interface Waiter {
  grant: (slot: Slot) => void;
}

export class SlidingWindowLimiter {
  private readonly inFlight = new Set<Slot>();
  /** Completion times of finished requests still inside the window, ascending. */
  private finished: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly maxRequests: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new RangeError('maxRequests must be an integer ≥ 1');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be > 0');
  }

  /** Resolves when a request may start. Rejects with `signal.reason` when aborted first. */
  acquire(signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Slot>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        grant: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.drain();
    });
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.now();
    while (this.finished.length > 0 && (this.finished[0] as number) <= now - this.windowMs) this.finished.shift();

    while (this.waiters.length > 0 && this.inFlight.size + this.finished.length < this.maxRequests) {
      const waiter = this.waiters.shift() as Waiter;
      waiter.grant(this.newSlot());
    }
    // Waiters left: wake up when the oldest finished request leaves the window.
    // If every slot is in flight, the next release() drains instead.
    if (this.waiters.length > 0 && this.finished.length > 0) {
      const wait = (this.finished[0] as number) + this.windowMs - now;
      this.timer = setTimeout(() => this.drain(), Math.max(1, wait));
    }
  }

  private newSlot(): Slot {
    let released = false;
    const slot: Slot = {
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.delete(slot);
        this.finished.push(this.now());
        this.drain();
      },
    };
    this.inFlight.add(slot);
    return slot;
  }
}
