// The API client and the sync as the CLI sets them up, pointed at a simulator process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_RECEIPTS_MAX_BYTES } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { PliantClient } from '../../src/pliant/client.js';
import { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import type { ReceiptsOptions } from '../../src/receipts/options.js';
import { runSync, type RunOptions, type RunResult } from '../../src/sync/runner.js';

export const NOW = '2026-06-30T00:00:00Z';
export const TODAY = '2026-06-30';
export const logger: Logger = createLogger({ level: 'error' });

export interface Endpoints {
  apiUrl: string;
  tokenUrl: string;
}

export const UNLIMITED = { requests: 100_000_000, perSeconds: 300 };

export function makeClient(sim: Endpoints, rateLimit = UNLIMITED): PliantClient {
  return new PliantClient({
    apiUrl: sim.apiUrl,
    authUrl: sim.tokenUrl,
    audience: 'simulator',
    clientId: 'simulator',
    clientSecret: 'simulator',
    rateLimit,
    logger,
  });
}

/** A receipt store in a temp directory, removed by `dispose`. */
export function tempReceipts(): { receipts: ReceiptsOptions; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pliant-bench-receipts-'));
  return {
    receipts: {
      store: new LocalDirectoryStore(dir),
      lookbackDays: 30,
      maxBytes: DEFAULT_RECEIPTS_MAX_BYTES,
      auditPerRun: 50,
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function sync(
  database: Database,
  client: PliantClient,
  today: string,
  options: Partial<RunOptions> = {},
): Promise<RunResult> {
  return runSync({ database, client, logger }, { mode: { kind: 'sync', lookbackDays: 3, today }, ...options });
}
