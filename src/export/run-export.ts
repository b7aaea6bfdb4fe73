/**
 * One export run, in one transaction under the format's lock, reading the mirror in pages of
 * `pageSize` entries through a cursor, so memory holds a page and sums, whatever the period:
 *
 * 1. plan: every entry's journal built and balanced, against what was exported to the format
 *    before what this batch writes (first bookings; reversals and rebookings of changed
 *    entries), each written entry checked for the format, the reconciliation with the card
 *    account's balance summed per account, and each entry given its file (DATEV: month, and
 *    part at maxDatevRows) with what the file's head needs. Every refusal comes here, before
 *    anything is stored or written (previews are stored page by page: a refusal rolls them back).
 * 2. write: the same pages read again, turned into journal lines and written as they come:
 *    hashed, appended to the batch's row and to the file's temporary name, entries marked. A
 *    file that differs from its plan (a sync changed the mirror meanwhile) aborts everything.
 *
 * The files get their names after the commit (a rename), so a crash leaves none half-written.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { PrismaClient } from '../db/prisma.js';
import { UsageError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { Logger } from '../logger.js';
import { currentRevision, planEntry } from './batches/plan.js';
import { lockFormat, readExportedStates, reserveBatchId } from './batches/store.js';
import type { ExportSettings } from './config/settings.js';
import { ExportRefusedError, MirrorChangedError } from './errors.js';
import { outputPaths, PartialFile } from './files.js';
import { addFacts, emptyFacts, type Exporter } from './formats/exporter.js';
import { exporterFor } from './formats/registry.js';
import { balanceProblem, describeJournal } from './journal/balance.js';
import { buildJournal, describeEntry } from './journal/build.js';
import { fingerprint } from './journal/stored.js';
import { organizationsWithEntries, readEntryPages } from './mirror/read-entries.js';
import { addTo, formatSums } from './money.js';
import { clearPreviews, lockPreviews, storePreviewPage } from './previews.js';
import { Reconciler, type ReconciliationRow } from './reconcile.js';
import { reconciliationSummary, type BatchSummary, type ExportSummary } from './summary.js';
import type { ExportFormat, ExportMode, JournalEntry, Period, SourceEntry } from './types.js';
import { BatchFile, journalDigest, type PlannedFile } from './write-batches.js';

export interface ExportOptions {
  format: ExportFormat;
  period: Period;
  /** Only this organization; default every organization with entries in the period. */
  organizationId?: string;
  mode: ExportMode;
  settings: ExportSettings;
  /** SYNC_TIMEZONE. */
  timeZone: string;
  /**
   * A directory, or a file name when the export writes one file. Unset: nothing is written to
   * disk, and the result holds each file's bytes; set, the result's `bytes` are read from the file.
   */
  out?: string;
  logger?: Logger;
  /** DATEV rows per file before a period is split (99,999; smaller in tests). */
  maxDatevRows?: number;
  /** Entries read from the mirror at a time (default 1,000). */
  pageSize?: number;
}

export interface ExportResult {
  summary: ExportSummary;
  files: { batch: BatchSummary; bytes: Buffer }[];
}

export const DEFAULT_PAGE_SIZE = 1000;

/** One organization's plan: its files, in order, and its reconciliation. */
interface Planned {
  organizationId: string;
  files: PlannedFile[];
  reconciliation: ReconciliationRow[];
  inPeriod: number;
  leftOut: number;
}

interface Totals {
  bookings: number;
  reversals: number;
  alreadyExported: number;
  lines: number;
  debit: Map<string, bigint>;
  credit: Map<string, bigint>;
}

/** What checking found; refusals in this order, as before anything is stored. */
interface Found {
  refused: string[];
  unfit: string[];
  problems: string[];
}

export async function runExport(prisma: PrismaClient, options: ExportOptions): Promise<ExportResult> {
  const { format, period, mode } = options;
  const exporter = exporterFor(format, { maxDatevRows: options.maxDatevRows });
  const organizations = await organizationsFor(prisma, options);
  const partial: PartialFile[] = [];

  let stored;
  try {
    stored = await prisma.$transaction(
      async (tx) => {
        await lockFormat(tx, format, organizations);
        // Exports to different formats run side by side (their locks are per format) and read the same
        // entries: previews one at a time, or both would insert the same entry_id. After the format locks.
        await lockPreviews(tx);
        const totals: Totals = {
          bookings: 0,
          reversals: 0,
          alreadyExported: 0,
          lines: 0,
          debit: new Map(),
          credit: new Map(),
        };
        const found: Found = { refused: [], unfit: [], problems: [] };
        const planned: Planned[] = [];
        for (const organizationId of organizations)
          planned.push(await planOrganization(tx, organizationId, exporter, options, totals, found));
        if (found.refused.length > 0)
          throw new ExportRefusedError('some entries cannot be booked as they are', found.refused);
        if (found.unfit.length > 0)
          throw new ExportRefusedError(`some entries cannot be written as ${options.format}`, found.unfit);
        if (found.problems.length > 0)
          throw new ExportRefusedError(
            'the export does not balance or does not reconcile with the card account',
            found.problems,
          );

        const files = planned.flatMap((p) => p.files);
        for (const f of files) {
          f.id = await reserveBatchId(tx);
          f.fileName = exporter.open(
            {
              organizationId: f.organizationId,
              period: f.period,
              mode,
              batchId: f.id,
              part: f.part,
              parts: f.parts,
              settings: options.settings,
              timeZone: options.timeZone,
            },
            f.facts,
          ).fileName;
        }
        // A wrong --out is a usage error, found before anything is stored or written.
        const paths =
          options.out === undefined
            ? []
            : outputPaths(
                options.out,
                files.map((f) => f.fileName),
              );
        files.forEach((f, i) => (f.path = paths[i] ?? null));

        const written: { batch: BatchSummary; bytes: Buffer | null }[] = [];
        for (const org of planned) written.push(...(await writeOrganization(tx, org, exporter, options, partial)));
        written.forEach((w, i) => (w.batch.path = files[i]!.path));
        return { written, totals, planned };
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
    for (const file of partial) file.commit();
  } catch (error) {
    for (const file of partial) file.discard();
    throw error;
  }

  for (const { batch } of stored.written) {
    options.logger?.info(`Export batch ${batch.id}: ${format} file ${batch.path ?? batch.fileName}`, {
      organizationId: batch.organizationId,
      period: batch.period,
      entries: batch.entries,
      lines: batch.lines,
      sha256: batch.sha256,
    });
  }

  const { totals, planned } = stored;
  const reconciliation = planned.flatMap((p) => p.reconciliation);
  return {
    files: stored.written.map((w) => withBytes(w.batch, w.bytes)),
    summary: {
      format,
      mode,
      period,
      organizations,
      batches: stored.written.map((w) => w.batch),
      entries: {
        inPeriod: planned.reduce((n, o) => n + o.inPeriod, 0),
        bookings: totals.bookings,
        reversals: totals.reversals,
        alreadyExported: totals.alreadyExported,
        leftOut: planned.reduce((n, o) => n + o.leftOut, 0),
      },
      lines: totals.lines,
      debit: formatSums(totals.debit),
      credit: formatSums(totals.credit),
      reconciliation: reconciliationSummary(reconciliation),
      warnings: [...settingsWarnings(format, options.settings), ...stored.written.flatMap((w) => w.batch.warnings)],
    },
  };
}

/** The file's bytes: those kept (nothing written to disk), or read from the written file when asked for. */
function withBytes(batch: BatchSummary, bytes: Buffer | null): { batch: BatchSummary; bytes: Buffer } {
  if (bytes) return { batch, bytes };
  const path = batch.path!;
  return {
    batch,
    get bytes(): Buffer {
      return readFileSync(path);
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

/** One page: each entry's journal now (null: left out), and what the batch writes for it. */
interface PagePlan {
  source: SourceEntry;
  journal: JournalEntry | null;
  current: JournalEntry | null;
  write: JournalEntry[];
  alreadyExported: boolean;
}

/** Builds and plans a page; refusals are collected, and a page with any is not planned. */
async function planPage(
  tx: Prisma.TransactionClient,
  page: SourceEntry[],
  options: ExportOptions,
  refused: string[],
): Promise<PagePlan[] | null> {
  const journals: (JournalEntry | null)[] = [];
  const before = refused.length;
  for (const source of page) {
    const result = buildJournal(source, options.settings);
    if (result.kind === 'refused') {
      refused.push(result.problem);
      journals.push(null);
    } else if (result.kind === 'left-out') journals.push(null);
    else {
      const problem = balanceProblem(result.journal);
      if (problem) refused.push(`${describeEntry(source)} ${problem}`);
      journals.push(result.journal);
    }
  }
  if (refused.length > before) return null;
  const states = await readExportedStates(
    tx,
    options.format,
    page.map((s) => s.id),
  );
  return page.map((source, i) => {
    const journal = journals[i]!;
    const state = states.get(source.id);
    if (options.mode === 'all') {
      const entry = currentRevision(journal, state);
      return { source, journal, current: entry, write: entry ? [entry] : [], alreadyExported: false };
    }
    const plan = planEntry(source, journal, state);
    return {
      source,
      journal,
      current: plan.current,
      write: plan.write,
      alreadyExported: plan.write.length === 0 && plan.current !== null,
    };
  });
}

/**
 * Which file each written entry goes to, in order: the piece of the period its booking date
 * lies in (entries come in booking order), then the part the format's cutter gives it.
 */
class Router {
  private piece = 0;
  private cut: (entry: JournalEntry) => boolean;
  private started = false;

  constructor(
    private readonly exporter: Exporter,
    private readonly pieces: Period[],
  ) {
    this.cut = exporter.cutter();
  }

  next(entry: JournalEntry): { piece: Period; newFile: boolean } {
    while (this.piece < this.pieces.length && entry.bookingDate > this.pieces[this.piece]!.to) {
      this.piece++;
      this.cut = this.exporter.cutter();
      this.started = false;
    }
    const piece = this.pieces[this.piece];
    if (!piece || entry.bookingDate < piece.from)
      throw new Error(`export: entry ${entry.entryId} booked ${entry.bookingDate} is out of booking order`);
    const cut = this.cut(entry);
    const newFile = cut || !this.started;
    this.started = true;
    return { piece, newFile };
  }
}

/** Pass 1 for one organization: build, check, plan, reconcile, store previews; keep sums and file plans. */
async function planOrganization(
  tx: Prisma.TransactionClient,
  organizationId: string,
  exporter: Exporter,
  options: ExportOptions,
  totals: Totals,
  found: Found,
): Promise<Planned> {
  const { period, settings } = options;
  const reconciler = new Reconciler();
  const router = new Router(exporter, exporter.pieces(period, settings));
  const files: PlannedFile[] = [];
  let inPeriod = 0;
  let leftOut = 0;
  await clearPreviews(tx, period, organizationId);
  const pages = readEntryPages(
    tx,
    organizationId,
    period.from,
    period.to,
    options.timeZone,
    options.pageSize ?? DEFAULT_PAGE_SIZE,
  );
  for await (const page of pages) {
    inPeriod += page.length;
    const plans = await planPage(tx, page, options, found.refused);
    if (plans === null || found.refused.length > 0) {
      // Refused already: only the remaining refusals are still of interest.
      continue;
    }
    const previews: JournalEntry[] = [];
    for (const p of plans) {
      if (p.journal) previews.push(p.journal);
      else leftOut++;
      if (p.alreadyExported) totals.alreadyExported++;
      reconciler.add(p.source, p.current);
      for (const entry of p.write) {
        // Reversals come from stored journals: they are checked like everything else written.
        const problem = balanceProblem(entry);
        if (problem) found.problems.push(`${describeJournal(entry)} ${problem}`);
        const reason = exporter.refuse?.(entry, settings);
        if (reason) found.unfit.push(`${describeJournal(entry)} ${reason}`);
        for (const l of entry.lines) addTo(l.side === 'debit' ? totals.debit : totals.credit, l.currency, l.amount);
        totals.lines += entry.lines.length;
        if (entry.kind === 'reversal') totals.reversals++;
        else totals.bookings++;

        const { piece, newFile } = router.next(entry);
        if (newFile) {
          const last = files[files.length - 1];
          files.push({
            organizationId,
            period: piece,
            part: last && last.period.from === piece.from ? last.part + 1 : 1,
            parts: 0,
            entries: 0,
            facts: emptyFacts(),
            digest: createHash('sha256'),
            id: 0n,
            fileName: '',
            path: null,
          });
        }
        const file = files[files.length - 1]!;
        file.entries++;
        addFacts(file.facts, entry);
        journalDigest(file.digest, entry, fingerprint(entry));
      }
    }
    await storePreviewPage(
      tx,
      page.map((s) => s.id),
      previews,
    );
  }
  for (const f of files) f.parts = files.filter((g) => g.period.from === f.period.from).length;
  const reconciliation = reconciler.finish();
  found.problems.push(...reconciliation.problems);
  return { organizationId, files, reconciliation: reconciliation.rows, inPeriod, leftOut };
}

/** Pass 2 for one organization: the same pages again, written into its planned files as they come. */
async function writeOrganization(
  tx: Prisma.TransactionClient,
  org: Planned,
  exporter: Exporter,
  options: ExportOptions,
  partial: PartialFile[],
): Promise<{ batch: BatchSummary; bytes: Buffer | null }[]> {
  const { period, settings } = options;
  const router = new Router(exporter, exporter.pieces(period, settings));
  const reconciliation = reconciliationSummary(org.reconciliation);
  const written: { batch: BatchSummary; bytes: Buffer | null }[] = [];
  let next = 0;
  let active = null as BatchFile | null;
  const pages = readEntryPages(
    tx,
    org.organizationId,
    period.from,
    period.to,
    options.timeZone,
    options.pageSize ?? DEFAULT_PAGE_SIZE,
  );
  const refused: string[] = [];
  for await (const page of pages) {
    const plans = await planPage(tx, page, options, refused);
    if (plans === null) throw new MirrorChangedError(`an entry cannot be booked now: ${refused[0]}`);
    for (const p of plans) {
      for (const entry of p.write) {
        const { newFile } = router.next(entry);
        if (newFile) {
          if (active) written.push(await active.finish());
          const plan = org.files[next++];
          if (!plan) throw new MirrorChangedError(`organization ${org.organizationId} has more files than planned`);
          let file: PartialFile | null = null;
          if (plan.path !== null) {
            file = new PartialFile(plan.path);
            partial.push(file);
          }
          active = await BatchFile.open(tx, plan, {
            exporter,
            mode: options.mode,
            settings,
            timeZone: options.timeZone,
            reconciliation,
            keepBytes: options.out === undefined,
            file,
          });
        }
        active!.add(entry, fingerprint(entry));
      }
    }
    await active?.flush();
  }
  if (active) written.push(await active.finish());
  if (next !== org.files.length)
    throw new MirrorChangedError(`organization ${org.organizationId} has fewer files than planned`);
  return written;
}

function settingsWarnings(format: ExportFormat, settings: ExportSettings): string[] {
  if (format !== 'datev' || !settings.datev.placeholderClient) return [];
  return [
    `datev.beraternummer and datev.mandantennummer are not set in EXPORT_CONFIG (${settings.source}): ` +
      `the files carry ${settings.datev.beraternummer} / ${settings.datev.mandantennummer}; DATEV imports only into the matching client`,
  ];
}
