// The rate budget: the simulator enforces a scaled-down limit and the client holds itself to
// the same one (as PLIANT_RATE_LIMIT would), over a first sync of several organizations,
// stopped after a fixed time. Without receipts and with pages of 25 records, so that the stop
// (taken between pages) comes soon after it is asked: a receipts page lists 100 transactions,
// half a minute of budget at this limit. The budget is the most the server's sliding window
// allows in that time (a full window at the start and at every window's length after it);
// token requests are not limited (Auth0's endpoint) and not counted.
import type { Database } from '../src/db/database.js';
import { makeClient, sync, type Endpoints } from './support/client.js';
import type { SimulatorProcess } from './support/simulator-process.js';

export interface RateBudget {
  limit: string;
  seconds: number;
  requests: number;
  budget: number;
  share: number;
  rateLimited: number;
}

export async function measureRateBudget(
  sim: SimulatorProcess & Endpoints,
  database: Database,
  today: string,
  limit: { requests: number; perSeconds: number },
  seconds: number,
): Promise<RateBudget> {
  await sim.admin('DELETE', '/stats');
  const stop = new AbortController();
  const client = makeClient(sim, limit);
  // Requests sent in the first `seconds` of the sync; what the last page sends after the stop is left out.
  let requests = 0;
  const timer = setTimeout(() => {
    requests = client.stats.requests;
    stop.abort();
  }, seconds * 1000);
  const t0 = performance.now();
  const run = await sync(database, client, today, { signal: stop.signal, concurrency: 3, pageSize: 25 });
  clearTimeout(timer);
  const elapsed = (performance.now() - t0) / 1000;
  if (elapsed < seconds)
    throw new Error(`the rate-budget sync ended (${run.status}) before ${seconds} s: too little data`);
  const stats = await sim.admin<{ rateLimited: number }>('GET', '/stats');
  const budget = limit.requests * (Math.floor(seconds / limit.perSeconds) + 1);
  return {
    limit: `${limit.requests}/${limit.perSeconds}s`,
    seconds,
    requests,
    budget,
    share: requests / budget,
    rateLimited: stats.rateLimited,
  };
}
