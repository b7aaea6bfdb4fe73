/**
 * One batch (file) written as its entries come, inside the export's transaction: each page's
 * bytes are hashed, appended to the batch in the database and to the file's temporary name,
 * and its entries marked (mode new); at the end the format's pre-flight check runs (an error
 * refuses the whole export) and the row gets its sha256, size and summary.
 */
import { createHash, type Hash } from 'node:crypto';

import type { Prisma } from '../generated/prisma/client.js';
import { appendBytes, finishBatch, markEntries, startBatch } from './batches/store.js';
import type { ExportSettings } from './config/settings.js';
import { ExportRefusedError, MirrorChangedError } from './errors.js';
import type { PartialFile } from './files.js';
import type { Exporter, FileFacts, FileWriter, PreflightFinding } from './formats/exporter.js';
import { addTo, formatSums } from './money.js';
import type { BatchSummary, ReconciliationSummary } from './summary.js';
import type { ExportMode, JournalEntry, Period } from './types.js';

/** What planning found for one file, before a byte of it is written. */
export interface PlannedFile {
  organizationId: string;
  period: Period;
  part: number;
  parts: number;
  entries: number;
  facts: FileFacts;
  /** Of the entries it holds, so the writing pass can tell that it writes what was checked. */
  digest: Hash;
  id: bigint;
  fileName: string;
  path: string | null;
}

export interface BatchInput {
  exporter: Exporter;
  mode: ExportMode;
  settings: ExportSettings;
  timeZone: string;
  reconciliation: ReconciliationSummary[];
  /** Keep the bytes for the result (no file written). */
  keepBytes: boolean;
  file: PartialFile | null;
}

export function journalDigest(hash: Hash, entry: JournalEntry, fingerprint: string): void {
  hash.update(
    `${entry.entryId}\u0000${entry.revision}\u0000${entry.kind}\u0000${fingerprint}\u0000${entry.changedAt.getTime()}\n`,
  );
}

export class BatchFile {
  private readonly writer: FileWriter;
  private readonly hash = createHash('sha256');
  private readonly digest = createHash('sha256');
  private pending: Buffer[] = [];
  private marks: JournalEntry[] = [];
  /** Every chunk, when the result or the pre-flight check needs the whole file. */
  private readonly kept: Buffer[] | null;
  /** The format's pre-flight check (DATEV), fed chunk by chunk. */
  private readonly check: { push(bytes: Uint8Array): void; finish(): PreflightFinding[] } | null;
  private seq = 0;
  private size = 0;
  private entries = 0;
  private reversals = 0;
  private lines = 0;
  private readonly debit = new Map<string, bigint>();
  private readonly credit = new Map<string, bigint>();

  private constructor(
    private readonly tx: Prisma.TransactionClient,
    private readonly plan: PlannedFile,
    private readonly input: BatchInput,
  ) {
    this.writer = input.exporter.open(
      {
        organizationId: plan.organizationId,
        period: plan.period,
        mode: input.mode,
        batchId: plan.id,
        part: plan.part,
        parts: plan.parts,
        settings: input.settings,
        timeZone: input.timeZone,
      },
      plan.facts,
    );
    this.kept = input.keepBytes ? [] : null;
    this.check = input.exporter.preflightStream?.(plan.fileName) ?? null;
    this.pending.push(this.writer.head());
  }

  static async open(tx: Prisma.TransactionClient, plan: PlannedFile, input: BatchInput): Promise<BatchFile> {
    await startBatch(tx, {
      id: plan.id,
      format: input.exporter.format,
      organizationId: plan.organizationId,
      period: plan.period,
      mode: input.mode,
      part: plan.part,
      fileName: plan.fileName,
    });
    return new BatchFile(tx, plan, input);
  }

  add(entry: JournalEntry, fingerprint: string): void {
    this.pending.push(this.writer.entry(entry));
    journalDigest(this.digest, entry, fingerprint);
    if (this.input.mode === 'new') this.marks.push(entry);
    this.entries++;
    if (entry.kind === 'reversal') this.reversals++;
    for (const l of entry.lines) {
      addTo(l.side === 'debit' ? this.debit : this.credit, l.currency, l.amount);
      this.lines++;
    }
  }

  /** The bytes and marks gathered since the last flush go out (once per page). */
  async flush(): Promise<void> {
    if (this.pending.length > 0) {
      const chunk = Buffer.concat(this.pending);
      this.pending = [];
      this.hash.update(chunk);
      this.size += chunk.length;
      this.kept?.push(chunk);
      this.check?.push(chunk);
      this.input.file?.write(chunk);
      await appendBytes(this.tx, this.plan.id, this.seq++, chunk);
    }
    if (this.marks.length > 0) {
      await markEntries(this.tx, this.plan.id, this.input.exporter.format, this.marks);
      this.marks = [];
    }
  }

  async finish(): Promise<{ batch: BatchSummary; bytes: Buffer | null }> {
    await this.flush();
    const { plan, input } = this;
    if (this.entries !== plan.entries || this.digest.digest('hex') !== plan.digest.copy().digest('hex'))
      throw new MirrorChangedError(`file ${plan.fileName}`);
    const { rows, warnings } = this.writer.end();
    const bytes = this.kept ? Buffer.concat(this.kept) : null;
    const findings = this.check?.finish() ?? [];
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0)
      throw new ExportRefusedError(
        `${plan.fileName} fails the pre-flight check`,
        errors.map((f) => f.message),
      );
    const batch: BatchSummary = {
      id: plan.id,
      organizationId: plan.organizationId,
      format: input.exporter.format,
      mode: input.mode,
      period: plan.period,
      part: plan.part,
      parts: plan.parts,
      fileName: plan.fileName,
      path: null,
      sha256: this.hash.digest('hex'),
      sizeBytes: this.size,
      rows,
      warnings: [...warnings, ...findings.filter((f) => f.severity === 'warning').map((f) => f.message)],
      entries: this.entries,
      reversals: this.reversals,
      lines: this.lines,
      debit: formatSums(this.debit),
      credit: formatSums(this.credit),
    };
    await finishBatch(this.tx, {
      id: plan.id,
      sha256: batch.sha256,
      sizeBytes: batch.sizeBytes,
      entryCount: batch.entries,
      lineCount: batch.lines,
      summary: { ...batch, reconciliation: input.reconciliation },
    });
    input.file?.close();
    return { batch, bytes: input.keepBytes ? bytes : null };
  }
}
