/** A sync run in this process against a simulator and a test database. */
import type { Database } from '../../src/db/database.js';
import type { Logger } from '../../src/logger.js';
import { PliantClient } from '../../src/pliant/client.js';
import { startSimulator } from '../../src/simulator/index.js';
import { runSync, type RunOptions, type RunResult } from '../../src/sync/runner.js';
import { databaseFor } from './db.js';
import { quietLogger } from './logs.js';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

/** A fixed instant, so the data set is the same on every machine and day. */
export const SIM_NOW = '2026-06-30T00:00:00Z';

export function testClient(sim: Simulator, options: { maxAttempts?: number; logger?: Logger } = {}): PliantClient {
  return new PliantClient({
    apiUrl: sim.apiUrl,
    authUrl: sim.tokenUrl,
    audience: 'simulator',
    clientId: 'simulator',
    clientSecret: 'simulator',
    rateLimit: { requests: 100_000, perSeconds: 1 },
    logger: options.logger ?? quietLogger(),
    timeoutMs: 5_000,
    retry: {
      baseDelayMs: 5,
      maxDelayMs: 50,
      rateLimitDelayMs: 20,
      maxTotalWaitMs: 20_000,
      maxAttempts: options.maxAttempts ?? 8,
    },
  });
}

export interface SyncOptions extends Partial<RunOptions> {
  client?: PliantClient;
  lookbackDays?: number;
}

/** One run into a server database (its URL) or into any open Database (embedded included, left open). */
export async function syncOnce(
  sim: Simulator,
  target: string | Database,
  options: SyncOptions = {},
): Promise<RunResult> {
  const database = typeof target === 'string' ? databaseFor(target) : target;
  try {
    return await runSync(
      { database, client: options.client ?? testClient(sim), logger: quietLogger() },
      { mode: { kind: 'sync', lookbackDays: options.lookbackDays ?? 3, today: '2026-06-30' }, ...options },
    );
  } finally {
    if (typeof target === 'string') await database.close();
  }
}

/** Rows written (inserted + updated) by a run. */
export const written = (r: RunResult): number => r.totals.inserted + r.totals.updated;
