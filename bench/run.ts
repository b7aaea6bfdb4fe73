// npm run bench [-- --quick]: every figure of issue 13's item 4, each beside its target.
// The simulator runs in processes of its own (the built CLI), the sync and the exports in
// child processes (their CPU and peak RSS), all against scratch databases on the local
// PostgreSQL server that are dropped at the end. Prints a table, writes bench/results.json.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

import { openServer } from '../src/db/server.js';
import { measureCopy } from './copy-ceiling.js';
import { dailyRun, type DailyRun } from './daily-runs.js';
import type { ExportArgs, ExportMeasured } from './export.js';
import type { FirstSyncArgs, FirstSyncResult } from './first-sync.js';
import { measureNaive } from './naive.js';
import { measureRateBudget } from './rate-budget.js';
import { measureReceiptsFirstSync } from './receipts-first-sync.js';
import { check, fmt, info, table, writeResults, type Line } from './report.js';
import { runInChild } from './support/child.js';
import { NOW, tempReceipts, TODAY } from './support/client.js';
import { createScratchDb, dropAllScratchDbs, serverVersion } from './support/scratch-db.js';
import { startSimulatorProcess, type SimulatorProcess } from './support/simulator-process.js';

const quick = process.argv.includes('--quick');
// Full: the exports take the last quarter of the mirror (≈ a quarter of the entries): the whole
// year, at today's export rate, would not fit in the bench's ten minutes.
const SIZE = quick
  ? {
      entries: 50_000,
      sample: 5_000,
      rateLimit: { requests: 30, perSeconds: 10 },
      rateSeconds: 25,
      exportFrom: '2025-06-01',
    }
  : {
      entries: 1_000_000,
      sample: 20_000,
      rateLimit: { requests: 90, perSeconds: 30 },
      rateSeconds: 75,
      exportFrom: '2026-04-01',
    };
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const AUDIT_PER_RUN = 50;

const simulators = new Set<SimulatorProcess>();
async function simulator(args: string[]): Promise<SimulatorProcess> {
  const sim = await startSimulatorProcess(args);
  simulators.add(sim);
  return sim;
}
async function stop(sim: SimulatorProcess): Promise<void> {
  await sim.stop();
  simulators.delete(sim);
}
const step = (what: string): void => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`);

async function firstSyncAndExports() {
  step(`simulator: ${fmt(SIZE.entries)} entries`);
  const sim = await simulator([
    '--seed',
    '3',
    '--orgs',
    '3',
    '--days',
    '365',
    '--now',
    NOW,
    '--entries',
    String(SIZE.entries),
    '--rate-limit',
    '100000000/300',
  ]);
  const db = await createScratchDb();
  step('first sync (no receipts)');
  const first = await runInChild<FirstSyncResult>(here('./first-sync.ts'), {
    apiUrl: sim.apiUrl,
    tokenUrl: sim.tokenUrl,
    databaseUrl: db.url,
  } satisfies FirstSyncArgs);
  await stop(sim);
  step('COPY ceiling');
  const copy = await measureCopy(db.url);
  const exports: Record<string, (ExportMeasured & { peakRssMb: number }) | { error: string }> = {};
  for (const format of ['datev', 'csv'] as const) {
    step(`export ${format}, ${SIZE.exportFrom} to ${TODAY}`);
    exports[format] = await runInChild<ExportMeasured>(here('./export.ts'), {
      databaseUrl: db.url,
      format,
      period: { from: SIZE.exportFrom, to: TODAY },
    } satisfies ExportArgs).catch((e: unknown) => ({ error: String(e).slice(0, 300) }));
  }
  await db.drop();
  return { first, copy, exports };
}

async function naiveSample() {
  step(`naive and ours on a ${fmt(SIZE.sample)}-entry sample`);
  const sim = await simulator([
    '--seed',
    '5',
    '--orgs',
    '3',
    '--days',
    '365',
    '--now',
    NOW,
    '--entries',
    String(SIZE.sample),
    '--rate-limit',
    '100000000/300',
  ]);
  const naiveDb = await createScratchDb();
  const oursDb = await createScratchDb();
  const result = await measureNaive(sim, naiveDb.url, oursDb.url);
  await stop(sim);
  await naiveDb.drop();
  await oursDb.drop();
  return result;
}

async function receiptsAndDaily() {
  step('first sync with receipts, daily runs (the simulator default data: 3 organizations, 90 days)');
  const sim = await simulator([
    '--seed',
    '42',
    '--orgs',
    '3',
    '--days',
    '90',
    '--now',
    NOW,
    '--rate-limit',
    '100000000/300',
  ]);
  const db = await createScratchDb();
  const database = openServer(db.url);
  const store = tempReceipts();
  try {
    const firstWithReceipts = await measureReceiptsFirstSync(sim, database, db.url, store.receipts, TODAY);
    const nothingNew = await dailyRun(sim, database, store.receipts, TODAY);
    await sim.admin('POST', '/advance', { days: 1 });
    const afterOneDay = await dailyRun(sim, database, store.receipts, '2026-07-01');
    return { firstWithReceipts, nothingNew, afterOneDay };
  } finally {
    await database.close();
    store.dispose();
    await stop(sim);
    await db.drop();
  }
}

async function rateBudget() {
  const { requests, perSeconds } = SIZE.rateLimit;
  step(
    `rate budget: ${requests} per ${perSeconds} s for ${SIZE.rateSeconds} s, 6 organizations, no receipts, pages of 25`,
  );
  const sim = await simulator([
    '--seed',
    '7',
    '--orgs',
    '6',
    '--days',
    '90',
    '--now',
    NOW,
    '--rate-limit',
    `${requests}/${perSeconds}`,
  ]);
  const db = await createScratchDb();
  const database = openServer(db.url);
  try {
    return await measureRateBudget(sim, database, TODAY, SIZE.rateLimit, SIZE.rateSeconds);
  } finally {
    await database.close();
    await stop(sim);
    await db.drop();
  }
}

function daily(label: string, d: DailyRun, targets: boolean): Line[] {
  const lines = [
    targets
      ? check(
          `${label}: requests per stream and organization (besides receipts)`,
          `max ${d.maxRequestsPerStreamBesidesReceipts}`,
          '≤ 1',
          d.maxRequestsPerStreamBesidesReceipts <= 1,
        )
      : info(
          `${label}: requests per stream and organization (besides receipts)`,
          `max ${d.maxRequestsPerStreamBesidesReceipts}`,
        ),
    targets
      ? check(
          `${label}: receipt requests per organization`,
          `max ${d.maxReceiptRequestsPerOrganization}`,
          `≤ 1 + audit (${AUDIT_PER_RUN})`,
          d.maxReceiptRequestsPerOrganization <= 1 + AUDIT_PER_RUN,
        )
      : info(`${label}: receipt requests per organization`, `max ${d.maxReceiptRequestsPerOrganization}`),
    targets
      ? check(
          `${label}: our CPU per organization`,
          `${fmt(d.cpuSecondsPerOrganization, 2)} s`,
          '≤ 1 s',
          d.cpuSecondsPerOrganization <= 1,
        )
      : info(`${label}: our CPU per organization`, `${fmt(d.cpuSecondsPerOrganization, 2)} s`),
    info(`${label}: requests, wall time`, `${d.requests} in ${fmt(d.seconds, 2)} s`),
    info(
      `${label}: new entries, rows written, receipts found`,
      `${d.newEntries}, ${d.rowsWritten}, ${d.receiptsFound}`,
    ),
  ];
  return lines;
}

/** The code measured: the commit, and the files of src/ and jobs/ that differ from it (the working tree is what runs). */
function source(): { commit: string; uncommitted: string[] } {
  const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8' }).trim();
  try {
    const uncommitted = git('status', '--porcelain', '--', 'src', 'jobs').split('\n').filter(Boolean);
    return { commit: git('rev-parse', '--short', 'HEAD'), uncommitted: uncommitted.map((l) => l.slice(3)) };
  } catch {
    return { commit: 'unknown (not a git checkout)', uncommitted: [] };
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgresql: await serverVersion(),
    date: new Date().toISOString(),
  };
  const code = source();
  const { first, copy, exports } = await firstSyncAndExports();
  const naive = await naiveSample();
  const receipts = await receiptsAndDaily();
  const rate = await rateBudget();

  const rowsPerSecond = first.rows / first.seconds;
  const naiveRatio = naive.ours.rowsPerSecond / naive.naive.rowsPerSecond;
  const copyShare = rowsPerSecond / copy.primaryKeyOnly.rowsPerSecond;
  const indexedShare = rowsPerSecond / copy.withIndexes.rowsPerSecond;
  const lines: Line[] = [
    info(
      'first sync: entries, rows (entries + transactions + cards, …)',
      `${fmt(first.entries)}, ${fmt(first.rows)} (${first.status})`,
    ),
    check('first sync: rows/s end to end', fmt(rowsPerSecond), '≥ 20,000', rowsPerSecond >= 20_000),
    info('first sync: entries/s, wall time', `${fmt(first.entries / first.seconds)}, ${fmt(first.seconds, 1)} s`),
    info('first sync: client CPU per row', `${fmt((first.cpuSeconds * 1e6) / first.rows, 1)} µs`),
    check(
      `first sync: peak RSS${first.entries >= 1_000_000 ? '' : ` (at ${fmt(first.entries)} entries; target is at 1,000,000)`}`,
      `${first.peakRssMb} MB`,
      '≤ 250 MB',
      first.peakRssMb <= 250,
    ),
    info('first sync: requests, pages', `${fmt(first.requests)}, ${fmt(first.pages)}`),
    info(
      `naive (Prisma upsert per row) on ${fmt(SIZE.sample)} entries`,
      `${fmt(naive.naive.rowsPerSecond)} rows/s (${fmt(naive.naive.rows)} rows)`,
    ),
    check(
      'ours on the same sample, × naive',
      `${fmt(naive.ours.rowsPerSecond)} rows/s = ${fmt(naiveRatio, 1)}×`,
      '≥ 10×',
      naiveRatio >= 10,
    ),
    info(
      'COPY ceiling: same rows, unlogged tables, primary key only',
      `${fmt(copy.primaryKeyOnly.rowsPerSecond)} rows/s (${fmt(copy.primaryKeyOnly.rows)} rows)`,
    ),
    check(
      'first sync (end to end) as a share of that COPY',
      `${fmt(copyShare * 100, 1)} %`,
      '≥ 30 %',
      copyShare >= 0.3,
    ),
    info(
      "COPY into unlogged tables with the mirror's indexes; our share",
      `${fmt(copy.withIndexes.rowsPerSecond)} rows/s; ${fmt(indexedShare * 100, 1)} %`,
    ),
    ...daily('daily, nothing new', receipts.nothingNew, true),
    ...daily('daily, after one day', receipts.afterOneDay, false),
    check(
      'first sync with receipts: requests / least possible',
      `${fmt(receipts.firstWithReceipts.requests)} / ${fmt(receipts.firstWithReceipts.leastPossible)} = ${fmt(receipts.firstWithReceipts.ratio, 3)}`,
      '≤ 1.05',
      receipts.firstWithReceipts.ratio <= 1.05,
    ),
    ...Object.entries(exports).flatMap(([format, e]) =>
      'error' in e
        ? [check(`export ${format}`, `failed: ${e.error}`, '≥ 100,000 lines/s, ≤ 300 MB', false)]
        : [
            check(
              `export ${format}: lines/s (${fmt(e.entries)} entries, ${fmt(e.lines)} lines)`,
              fmt(e.linesPerSecond),
              '≥ 100,000',
              e.linesPerSecond >= 100_000,
            ),
            check(
              `export ${format}: peak RSS${e.entries >= 1_000_000 ? '' : ` (at ${fmt(e.entries)} entries; target is at 1,000,000)`}`,
              `${e.peakRssMb} MB`,
              '≤ 300 MB',
              e.peakRssMb <= 300,
            ),
          ],
    ),
    check(
      `rate budget ${rate.limit}, ${fmt(rate.seconds)} s: share used`,
      `${fmt(rate.requests)} / ${fmt(rate.budget)} = ${fmt(rate.share * 100, 1)} %`,
      '≥ 90 %',
      rate.share >= 0.9,
    ),
    check('rate budget: 429s', String(rate.rateLimited), '0', rate.rateLimited === 0),
  ];
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `\npliant-sync bench (${quick ? 'quick' : 'full'}), ${machine.date.slice(0, 10)}: ${machine.cpus} cpus, ${machine.memoryGb} GB, node ${machine.node}, PostgreSQL ${machine.postgresql}; ${fmt(seconds)} s`,
  );
  const dirty = code.uncommitted.length > 0 ? `, plus uncommitted changes to ${code.uncommitted.join(', ')}` : '';
  console.log(`code: ${code.commit}${dirty}\n`);
  console.log(table(lines));
  await writeResults(RESULTS, {
    mode: quick ? 'quick' : 'full',
    seconds,
    machine,
    code,
    sizes: SIZE,
    table: lines,
    firstSync: first,
    naive,
    copy,
    ...receipts,
    exports,
    rateBudget: rate,
  });
  console.log(`\nwritten: ${RESULTS}`);
}

try {
  await main();
} finally {
  for (const sim of simulators) await sim.stop().catch(() => undefined);
  await dropAllScratchDbs();
}
