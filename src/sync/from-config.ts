/**
 * The one place a run's options are built from the configuration, for `sync`, `backfill` and
 * the worker alike: today's date is taken once, here, when the run is made.
 */
import { formatISO } from 'date-fns';

import type { Config } from '../config.js';
import { receiptsFromConfig } from '../receipts/from-config.js';
import type { StreamName } from '../streams/types.js';
import type { Progress } from './progress.js';
import type { RunOptions } from './runner.js';

export interface RunRequest {
  /** A sync from the cursors, or a backfill of booking dates. */
  kind: 'sync' | { from: string; to: string };
  progress: Progress;
  signal?: AbortSignal;
  organizations?: string[];
  streams?: StreamName[];
  concurrency?: number;
  /** Today, as the run's date (a test's clock); default the machine's. */
  now?: Date;
}

export function runOptionsFromConfig(config: Config, request: RunRequest): RunOptions {
  const today = formatISO(request.now ?? new Date(), { representation: 'date' });
  return {
    mode:
      request.kind === 'sync'
        ? { kind: 'sync', lookbackDays: config.sync.lookbackDays, today }
        : { kind: 'backfill', ...request.kind },
    pageSize: config.sync.pageSize,
    progress: request.progress,
    receipts: receiptsFromConfig(config),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.organizations ? { organizations: request.organizations } : {}),
    ...(request.streams ? { streams: request.streams } : {}),
    ...(request.concurrency ? { concurrency: request.concurrency } : {}),
  };
}
