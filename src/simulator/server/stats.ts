// Request counters per route and status, so tests (and people) can see what a
// client did: how many token calls, how many 429s, how many pages.

export interface RouteStats {
  requests: number;
  statuses: Record<string, number>;
}

export class RequestStats {
  routes: Record<string, RouteStats> = {};
  tokensIssued = 0;
  rateLimited = 0;
  faultsFired = 0;

  record(route: string, status: number): void {
    const r = (this.routes[route] ??= { requests: 0, statuses: {} });
    r.requests++;
    r.statuses[String(status)] = (r.statuses[String(status)] ?? 0) + 1;
  }

  reset(): void {
    this.routes = {};
    this.tokensIssued = 0;
    this.rateLimited = 0;
    this.faultsFired = 0;
  }

  snapshot(): { routes: Record<string, RouteStats>; tokensIssued: number; rateLimited: number; faultsFired: number } {
    return structuredClone({
      routes: this.routes,
      tokensIssued: this.tokensIssued,
      rateLimited: this.rateLimited,
      faultsFired: this.faultsFired,
    });
  }
}
