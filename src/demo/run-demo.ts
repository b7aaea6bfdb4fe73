/**
 * `pliant-sync demo`: the main job end to end on a newcomer's machine. The bundled simulator
 * in this process (rate limit lifted), a fresh embedded database, one sync with receipts,
 * then DATEV, CSV and hledger files for the last full month.
 */
import { rmSync } from 'node:fs';

import type { Config } from '../config.js';
import { openEmbedded } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import type { ExportSettings } from '../export/config/settings.js';
import { runExport } from '../export/run-export.js';
import type { ExportSummary } from '../export/summary.js';
import { EXPORT_FORMATS } from '../export/types.js';
import type { Logger } from '../logger.js';
import { PliantClient } from '../pliant/client.js';
import { startSimulator } from '../simulator/index.js';
import { runOptionsFromConfig } from '../sync/from-config.js';
import type { Progress } from '../sync/progress.js';
import { runSync, type RunResult } from '../sync/runner.js';
import { demoPaths } from './paths.js';
import { lastFullMonth } from './period.js';

export interface DemoOptions {
  cwd?: string;
  settings: ExportSettings;
  /** The configuration: run settings and SYNC_TIMEZONE come from it, as for `sync` and `export`. */
  config: Config;
  logger: Logger;
  progress: Progress;
  /** A line about each step (stderr). */
  step: (line: string) => void;
  /** Simulator data set; defaults are the simulator's own (3 organizations, 90 days). */
  seed?: number;
  orgs?: number;
  days?: number;
  now?: string;
}

export interface DemoResult {
  paths: ReturnType<typeof demoPaths>;
  simulatorNow: string;
  organizations: { id: string; name: string }[];
  run: RunResult;
  rows: Record<string, number>;
  receipts: { stored: number; missing: number };
  exports: ExportSummary[];
  seconds: number;
}

const UNLIMITED = 1_000_000_000;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const paths = demoPaths(options.cwd);
  // The lock first: a `sql-server --demo` still serving the last demo stops us before anything is removed.
  const database = await openEmbedded(paths.database, { command: 'pliant-sync demo', fresh: true });
  const sim = await startSimulator({
    port: 0,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.orgs !== undefined ? { orgs: options.orgs } : {}),
    ...(options.days !== undefined ? { days: options.days } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    rateLimit: { requests: UNLIMITED, windowSeconds: 300 },
    tokenQuota: { perHour: UNLIMITED, perDay: UNLIMITED },
  });
  try {
    rmSync(paths.receipts, { recursive: true, force: true });
    const simulatorNow = sim.summary().now;
    options.step(
      `Simulator: ${sim.summary().organizations.length} organizations, history up to ${simulatorNow}, at ${sim.apiUrl}`,
    );
    await migrate(database, options.logger);
    options.step(`Embedded database: ${paths.database} (made afresh)`);

    const client = new PliantClient({
      apiUrl: sim.apiUrl,
      authUrl: sim.tokenUrl,
      audience: sim.credentials.audience,
      clientId: sim.credentials.clientId,
      clientSecret: sim.credentials.clientSecret,
      rateLimit: { requests: UNLIMITED, perSeconds: 1 },
      logger: options.logger,
    });
    // The run the CLI would make, with the demo's own receipt store and the simulator's today.
    const run = await runSync(
      { database, client, logger: options.logger },
      runOptionsFromConfig(
        { ...options.config, receiptsDir: paths.receipts },
        { kind: 'sync', progress: options.progress, now: new Date(simulatorNow) },
      ),
    );
    options.step(
      `Sync run ${run.runId}: ${run.status}, ${run.totals.fetched} rows, ${run.totals.filesDownloaded} receipt files`,
    );

    const period = lastFullMonth(simulatorNow);
    const exports: ExportSummary[] = [];
    if (run.status === 'succeeded') {
      for (const format of EXPORT_FORMATS) {
        const result = await runExport(database.prisma, {
          format,
          period,
          mode: 'new',
          settings: options.settings,
          timeZone: options.config.sync.timezone,
          out: paths.out,
          logger: options.logger,
        });
        exports.push(result.summary);
        options.step(`Export ${format}: ${result.summary.batches.length} file(s) for ${period.from} – ${period.to}`);
      }
    }
    const counts = await database.prisma.$queryRaw<Record<string, bigint>[]>`
      SELECT (SELECT count(*) FROM organizations) AS organizations, (SELECT count(*) FROM cardholders) AS cardholders,
             (SELECT count(*) FROM cards) AS cards, (SELECT count(*) FROM account_entries) AS account_entries,
             (SELECT count(*) FROM transactions) AS transactions, (SELECT count(*) FROM bill_payments) AS bill_payments,
             (SELECT count(*) FROM receipts WHERE deleted_at IS NULL) AS receipts,
             (SELECT count(*) FROM missing_receipts) AS missing_receipts`;
    const rows = Object.fromEntries(Object.entries(counts[0] ?? {}).map(([k, v]) => [k, Number(v)]));
    const organizations = await database.prisma.organization.findMany({
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    });
    return {
      paths,
      simulatorNow,
      organizations: organizations.map((o) => ({ id: o.id, name: o.name ?? '' })),
      run,
      rows,
      receipts: { stored: rows.receipts ?? 0, missing: rows.missing_receipts ?? 0 },
      exports,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await sim.close();
    await database.close();
  }
}
