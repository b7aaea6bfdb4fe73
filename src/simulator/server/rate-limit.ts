// Pliant's limit: N requests per window per client address. A ring of the last
// N request times answers "were there N requests within the window?" exactly.
// Rejected requests count too, so a client that keeps hammering stays blocked
// until its window count drops below the limit.

export interface RateLimitOptions {
  requests: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { requests: 900, windowSeconds: 300 };

export function rateLimitBody(o: RateLimitOptions): string {
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span = o.windowSeconds % 60 === 0 ? plural(o.windowSeconds / 60, 'minute') : plural(o.windowSeconds, 'second');
  // spelled exactly as the contract shows it, space after the colon included
  return `{"error": "Sending more than ${o.requests} requests in ${span} is not allowed"}`;
}

export class RateLimiter {
  private clients = new Map<string, { times: Float64Array; next: number; filled: number }>();

  constructor(private opts: RateLimitOptions) {}

  get options(): RateLimitOptions {
    return this.opts;
  }

  configure(opts: RateLimitOptions): void {
    this.opts = opts;
    this.clients.clear();
  }

  reset(): void {
    this.clients.clear();
  }

  /** Records the request; false when it is over the limit. */
  hit(client: string, nowMs: number): boolean {
    const n = this.opts.requests;
    let c = this.clients.get(client);
    if (!c || c.times.length !== n) {
      c = { times: new Float64Array(n), next: 0, filled: 0 };
      this.clients.set(client, c);
    }
    // the request n places back is the oldest in the ring
    const allowed = c.filled < n || nowMs - c.times[c.next]! >= this.opts.windowSeconds * 1000;
    c.times[c.next] = nowMs;
    c.next = (c.next + 1) % n;
    if (c.filled < n) c.filled++;
    return allowed;
  }
}
