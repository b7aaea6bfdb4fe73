/**
 * One export run: read the period's booked entries, build and check their journals, plan
 * what the format still needs (first bookings; reversals and rebookings of changed entries),
 * reconcile with the card account's balance, then write, pre-flight and store the batches,
 * all in one transaction. Every refusal comes before anything is stored or written.
 */
import type { PrismaClient } from '../db/prisma.js';
import { UsageError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { currentRevision, planEntry } from './batches/plan.js';
import { lockFormat, readExportedStates } from './batches/store.js';
import type { ExportSettings } from './config/settings.js';
import { ExportRefusedError } from './errors.js';
import { outputPaths, writeOutputs } from './files.js';
import type { Exporter } from './formats/exporter.js';
import { exporterFor } from './formats/registry.js';
import { balanceProblem, describeJournal } from './journal/balance.js';
import { buildJournal, describeEntry } from './journal/build.js';
import { organizationsWithEntries, readEntries } from './mirror/read-entries.js';
import { addTo, formatSums } from './money.js';
import { storePreviews } from './previews.js';
import { reconcile, type ReconciliationRow } from './reconcile.js';
import { reconciliationSummary, type BatchSummary, type ExportSummary } from './summary.js';
import type { ExportFormat, ExportMode, JournalEntry, Period, SourceEntry } from './types.js';
import { writeBatches } from './write-batches.js';

export interface ExportOptions {
  format: ExportFormat;
  period: Period;
  /** Only this organization; default every organization with entries in the period. */
  organizationId?: string;
  mode: ExportMode;
  settings: ExportSettings;
  /** SYNC_TIMEZONE. */
  timeZone: string;
  /** A directory, or a file name when the export writes one file. Unset: nothing is written to disk. */
  out?: string;
  logger?: Logger;
  /** DATEV rows per file before a period is split (99,999; smaller in tests). */
  maxDatevRows?: number;
}

export interface ExportResult {
  summary: ExportSummary;
  files: { batch: BatchSummary; bytes: Buffer }[];
}

/** An organization's entries in the period with the journal each stands for now (null: left out). */
interface Built {
  organizationId: string;
  sources: SourceEntry[];
  journals: Map<string, JournalEntry | null>;
  leftOut: number;
}

/** What the batch writes for an organization, and where that leaves each entry. */
interface Planned {
  organizationId: string;
  write: JournalEntry[];
  reconciliation: ReconciliationRow[];
}

interface Totals {
  bookings: number;
  reversals: number;
  alreadyExported: number;
  lines: number;
  debit: Map<string, bigint>;
  credit: Map<string, bigint>;
}

export async function runExport(prisma: PrismaClient, options: ExportOptions): Promise<ExportResult> {
  const { format, period, settings, mode } = options;
  const exporter = exporterFor(format, { maxDatevRows: options.maxDatevRows });
  const organizations = await organizationsFor(prisma, options);
  const built = await buildAll(prisma, organizations, options);

  const stored = await prisma.$transaction(
    async (tx) => {
      await lockFormat(tx, format, organizations);
      const totals: Totals = {
        bookings: 0,
        reversals: 0,
        alreadyExported: 0,
        lines: 0,
        debit: new Map(),
        credit: new Map(),
      };
      const planned = await planAll(tx, built, exporter, options, totals);
      await storePreviews(tx, period, built);
      const files: ExportResult['files'] = [];
      for (const org of planned) {
        files.push(
          ...(await writeBatches(tx, {
            exporter,
            organizationId: org.organizationId,
            period,
            mode,
            settings,
            timeZone: options.timeZone,
            entries: org.write,
            reconciliation: reconciliationSummary(org.reconciliation),
          })),
        );
      }
      // A wrong --out is a usage error, found before the batches are committed.
      const paths =
        options.out === undefined
          ? []
          : outputPaths(
              options.out,
              files.map((f) => f.batch.fileName),
            );
      files.forEach((f, i) => (f.batch.path = paths[i] ?? null));
      return { files, totals, reconciliation: planned.flatMap((p) => p.reconciliation) };
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );

  if (options.out !== undefined) writeOutputs(stored.files.map((f) => ({ path: f.batch.path!, bytes: f.bytes })));
  for (const { batch } of stored.files) {
    options.logger?.info(`Export batch ${batch.id}: ${format} file ${batch.path ?? batch.fileName}`, {
      organizationId: batch.organizationId,
      period: batch.period,
      entries: batch.entries,
      lines: batch.lines,
      sha256: batch.sha256,
    });
  }

  const { totals } = stored;
  return {
    files: stored.files,
    summary: {
      format,
      mode,
      period,
      organizations,
      batches: stored.files.map((f) => f.batch),
      entries: {
        inPeriod: built.reduce((n, o) => n + o.sources.length, 0),
        bookings: totals.bookings,
        reversals: totals.reversals,
        alreadyExported: totals.alreadyExported,
        leftOut: built.reduce((n, o) => n + o.leftOut, 0),
      },
      lines: totals.lines,
      debit: formatSums(totals.debit),
      credit: formatSums(totals.credit),
      reconciliation: reconciliationSummary(stored.reconciliation),
      warnings: [...settingsWarnings(format, settings), ...stored.files.flatMap((f) => f.batch.warnings)],
    },
  };
}

async function organizationsFor(prisma: PrismaClient, options: ExportOptions): Promise<string[]> {
  if (options.organizationId === undefined)
    return organizationsWithEntries(prisma, options.period.from, options.period.to);
  const known = await prisma.$queryRaw<{ n: number }[]>`
    SELECT ((SELECT count(*) FROM organizations WHERE id = ${options.organizationId})
          + (SELECT count(*) FROM account_entries WHERE organization_id = ${options.organizationId}))::int AS n`;
  if ((known[0]?.n ?? 0) === 0)
    throw new UsageError(`--org ${options.organizationId}: no such organization in the mirror`);
  return [options.organizationId];
}

/** Step 1: every entry's journal, each one balanced, before anything else happens. */
async function buildAll(prisma: PrismaClient, organizations: string[], options: ExportOptions): Promise<Built[]> {
  const built: Built[] = [];
  const refused: string[] = [];
  for (const organizationId of organizations) {
    const sources = await readEntries(prisma, organizationId, options.period.from, options.period.to, options.timeZone);
    const journals = new Map<string, JournalEntry | null>();
    let leftOut = 0;
    for (const source of sources) {
      const result = buildJournal(source, options.settings);
      if (result.kind === 'refused') refused.push(result.problem);
      else if (result.kind === 'left-out') {
        journals.set(source.id, null);
        leftOut++;
      } else {
        const problem = balanceProblem(result.journal);
        if (problem) refused.push(`${describeEntry(source)} ${problem}`);
        journals.set(source.id, result.journal);
      }
    }
    built.push({ organizationId, sources, journals, leftOut });
  }
  if (refused.length > 0) throw new ExportRefusedError('some entries cannot be booked as they are', refused);
  return built;
}

/**
 * Step 2, under the lock: against what was exported to the format before, what this batch
 * writes per entry, and the reconciliation of where that leaves the period.
 */
async function planAll(
  tx: Prisma.TransactionClient,
  built: Built[],
  exporter: Exporter,
  options: ExportOptions,
  totals: Totals,
): Promise<Planned[]> {
  const planned: Planned[] = [];
  const problems: string[] = [];
  const unfit: string[] = [];
  for (const org of built) {
    const states = await readExportedStates(
      tx,
      options.format,
      org.sources.map((s) => s.id),
    );
    const current = new Map<string, JournalEntry | null>();
    const write: JournalEntry[] = [];
    for (const source of org.sources) {
      const journal = org.journals.get(source.id) ?? null;
      const state = states.get(source.id);
      if (options.mode === 'all') {
        const entry = currentRevision(journal, state);
        current.set(source.id, entry);
        if (entry) write.push(entry);
      } else {
        const plan = planEntry(source, journal, state);
        current.set(source.id, plan.current);
        write.push(...plan.write);
        if (plan.write.length === 0 && plan.current) totals.alreadyExported++;
      }
    }
    for (const entry of write) {
      // Reversals come from stored journals: they are checked like everything else written.
      const problem = balanceProblem(entry);
      if (problem) problems.push(`${describeJournal(entry)} ${problem}`);
      const reason = exporter.refuse?.(entry, options.settings);
      if (reason) unfit.push(`${describeJournal(entry)} ${reason}`);
      for (const l of entry.lines) addTo(l.side === 'debit' ? totals.debit : totals.credit, l.currency, l.amount);
      totals.lines += entry.lines.length;
      if (entry.kind === 'reversal') totals.reversals++;
      else totals.bookings++;
    }
    const reconciliation = reconcile(org.sources, current);
    problems.push(...reconciliation.problems);
    planned.push({ organizationId: org.organizationId, write, reconciliation: reconciliation.rows });
  }
  if (unfit.length > 0) throw new ExportRefusedError(`some entries cannot be written as ${options.format}`, unfit);
  if (problems.length > 0)
    throw new ExportRefusedError('the export does not balance or does not reconcile with the card account', problems);
  return planned;
}

function settingsWarnings(format: ExportFormat, settings: ExportSettings): string[] {
  if (format !== 'datev' || !settings.datev.placeholderClient) return [];
  return [
    `datev.beraternummer and datev.mandantennummer are not set in EXPORT_CONFIG (${settings.source}): ` +
      `the files carry ${settings.datev.beraternummer} / ${settings.datev.mandantennummer}; DATEV imports only into the matching client`,
  ];
}
