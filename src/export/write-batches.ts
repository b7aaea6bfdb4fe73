/**
 * Writing planned journal entries as batches: cut into the format's files, rendered,
 * pre-flighted (an error refuses the whole export), and stored with their bytes, inside the
 * export's transaction.
 */
import type { Prisma } from '../generated/prisma/client.js';
import { insertBatch, reserveBatchId, sha256 } from './batches/store.js';
import type { ExportSettings } from './config/settings.js';
import { ExportRefusedError } from './errors.js';
import type { Exporter } from './formats/exporter.js';
import { addTo, formatSums } from './money.js';
import type { BatchSummary, ReconciliationSummary } from './summary.js';
import type { ExportMode, JournalEntry, Period } from './types.js';

export interface WriteInput {
  exporter: Exporter;
  organizationId: string;
  period: Period;
  mode: ExportMode;
  settings: ExportSettings;
  timeZone: string;
  /** In booking order, reversals right before the rebooking they make room for. */
  entries: JournalEntry[];
  reconciliation: ReconciliationSummary[];
}

export async function writeBatches(
  tx: Prisma.TransactionClient,
  input: WriteInput,
): Promise<{ batch: BatchSummary; bytes: Buffer }[]> {
  const { exporter, organizationId, mode, settings } = input;
  const files: { batch: BatchSummary; bytes: Buffer }[] = [];
  for (const piece of exporter.pieces(input.period, settings)) {
    const parts = exporter.split(input.entries.filter((e) => e.bookingDate >= piece.from && e.bookingDate <= piece.to));
    for (const [i, entries] of parts.entries()) {
      const id = await reserveBatchId(tx);
      const file = exporter.render(entries, {
        organizationId,
        period: piece,
        mode,
        batchId: id,
        part: i + 1,
        parts: parts.length,
        settings,
        timeZone: input.timeZone,
      });
      const findings = exporter.preflight?.(file) ?? [];
      const errors = findings.filter((f) => f.severity === 'error');
      if (errors.length > 0)
        throw new ExportRefusedError(
          `${file.fileName} fails the pre-flight check`,
          errors.map((f) => f.message),
        );
      const batch = summarise(entries, {
        id,
        organizationId,
        format: exporter.format,
        mode,
        period: piece,
        part: i + 1,
        parts: parts.length,
        fileName: file.fileName,
        path: null,
        sha256: sha256(file.bytes),
        sizeBytes: file.bytes.length,
        rows: file.rows,
        warnings: [...file.warnings, ...findings.filter((f) => f.severity === 'warning').map((f) => f.message)],
      });
      await insertBatch(tx, {
        id,
        format: exporter.format,
        organizationId,
        period: piece,
        mode,
        part: i + 1,
        fileName: file.fileName,
        bytes: file.bytes,
        sha256: batch.sha256,
        entries,
        lineCount: batch.lines,
        summary: JSON.parse(
          JSON.stringify({ ...batch, reconciliation: input.reconciliation }, bigintText),
        ) as Prisma.InputJsonValue,
      });
      files.push({ batch, bytes: file.bytes });
    }
  }
  return files;
}

const bigintText = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

function summarise(
  entries: JournalEntry[],
  batch: Omit<BatchSummary, 'entries' | 'reversals' | 'lines' | 'debit' | 'credit'>,
): BatchSummary {
  const debit = new Map<string, bigint>();
  const credit = new Map<string, bigint>();
  let lines = 0;
  for (const e of entries) {
    for (const l of e.lines) {
      addTo(l.side === 'debit' ? debit : credit, l.currency, l.amount);
      lines++;
    }
  }
  return {
    ...batch,
    entries: entries.length,
    reversals: entries.filter((e) => e.kind === 'reversal').length,
    lines,
    debit: formatSums(debit),
    credit: formatSums(credit),
  };
}
