// Auth0's token quota per client: fixed hourly and daily buckets, reported on
// every token response in Auth0-Client-Quota-Limit.

export interface TokenQuotaOptions {
  perHour: number;
  perDay: number;
}

export const DEFAULT_TOKEN_QUOTA: TokenQuotaOptions = { perHour: 42, perDay: 100 };

interface Bucket {
  start: number;
  used: number;
}

export class TokenQuota {
  private clients = new Map<string, { hour: Bucket; day: Bucket }>();

  constructor(private opts: TokenQuotaOptions) {}

  configure(opts: TokenQuotaOptions): void {
    this.opts = opts;
    this.clients.clear();
  }

  reset(): void {
    this.clients.clear();
  }

  /** Counts a token request; returns whether it is within quota and the header value. */
  take(clientId: string, nowMs: number): { allowed: boolean; header: string } {
    let c = this.clients.get(clientId);
    if (!c) {
      c = { hour: { start: nowMs, used: 0 }, day: { start: nowMs, used: 0 } };
      this.clients.set(clientId, c);
    }
    if (nowMs - c.hour.start >= 3600_000) c.hour = { start: nowMs, used: 0 };
    if (nowMs - c.day.start >= 86400_000) c.day = { start: nowMs, used: 0 };
    const allowed = c.hour.used < this.opts.perHour && c.day.used < this.opts.perDay;
    if (allowed) {
      c.hour.used++;
      c.day.used++;
    }
    const t = (b: Bucket, span: number): number => Math.max(0, Math.ceil((b.start + span - nowMs) / 1000));
    const header =
      `b=per_hour;q=${this.opts.perHour};r=${Math.max(0, this.opts.perHour - c.hour.used)};t=${t(c.hour, 3600_000)},` +
      `b=per_day;q=${this.opts.perDay};r=${Math.max(0, this.opts.perDay - c.day.used)};t=${t(c.day, 86400_000)}`;
    return { allowed, header };
  }
}
