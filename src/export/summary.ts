/** What an export reports: per batch (file) and in total, with the reconciliation. JSON-ready. */
import { renderTable } from '../cli/output.js';
import { formatMoney } from './money.js';
import type { ReconciliationRow } from './reconcile.js';
import type { ExportFormat, ExportMode, Period } from './types.js';

export interface BatchSummary {
  id: bigint;
  organizationId: string;
  format: ExportFormat;
  mode: ExportMode;
  period: Period;
  part: number;
  parts: number;
  fileName: string;
  /** Where the file was written, when it was. */
  path: string | null;
  sha256: string;
  sizeBytes: number;
  /** Journal entries in the file, and of those reversals of earlier exports. */
  entries: number;
  reversals: number;
  lines: number;
  /** DATEV rows, CSV lines or hledger postings. */
  rows: number;
  debit: Record<string, string>;
  credit: Record<string, string>;
  warnings: string[];
}

export interface ReconciliationSummary {
  organizationId: string;
  cardAccountId: string | null;
  currency: string;
  entries: number;
  balanceChange: string;
  exported: string;
  agrees: boolean;
}

export interface ExportSummary {
  format: ExportFormat;
  mode: ExportMode;
  period: Period;
  organizations: string[];
  batches: BatchSummary[];
  entries: {
    /** Booked in the period. */
    inPeriod: number;
    /** Written now: first bookings, rebookings of changed entries, and reversals. */
    bookings: number;
    reversals: number;
    /** Exported to this format before and unchanged since (mode new). */
    alreadyExported: number;
    /** Nothing to book (zero amount: card checks). */
    leftOut: number;
  };
  lines: number;
  debit: Record<string, string>;
  credit: Record<string, string>;
  reconciliation: ReconciliationSummary[];
  warnings: string[];
}

export function reconciliationSummary(rows: ReconciliationRow[]): ReconciliationSummary[] {
  return rows.map((r) => ({
    organizationId: r.organizationId,
    cardAccountId: r.cardAccountId,
    currency: r.currency,
    entries: r.entries,
    balanceChange: formatMoney(r.mirrorChange, r.currency),
    exported: formatMoney(r.exported, r.currency),
    agrees: r.agrees,
  }));
}

const sums = (s: Record<string, string>): string =>
  Object.entries(s)
    .map(([c, v]) => `${v} ${c}`)
    .join(', ') || '0';

/** The readable summary for a terminal. */
export function renderSummary(s: ExportSummary): string {
  const out: string[] = [];
  const what = s.mode === 'all' ? 'all entries (repeat, nothing marked)' : 'entries not yet exported to this format';
  out.push(`${s.format} export of ${what}, booked ${s.period.from} to ${s.period.to}`);
  if (s.batches.length === 0) out.push('Nothing to export: no file written.');
  else {
    out.push(`Wrote ${s.batches.length} file${s.batches.length === 1 ? '' : 's'}:`);
    out.push(
      renderTable(
        ['batch', 'organization', 'period', 'entries', 'reversals', 'lines', 'debit', 'credit', 'sha256', 'file'],
        s.batches.map((b) => [
          b.id,
          b.organizationId,
          `${b.period.from} – ${b.period.to}`,
          b.entries,
          b.reversals,
          b.lines,
          sums(b.debit),
          sums(b.credit),
          b.sha256.slice(0, 12),
          b.path ?? b.fileName,
        ]),
      ),
    );
  }
  const e = s.entries;
  out.push(
    '',
    `Entries booked in the period: ${e.inPeriod}; written now: ${e.bookings} booking${e.bookings === 1 ? '' : 's'} and ${e.reversals} reversal${e.reversals === 1 ? '' : 's'}` +
      (s.mode === 'new' ? `; already exported and unchanged: ${e.alreadyExported}` : '') +
      `; left out (zero amount): ${e.leftOut}.`,
    `Lines: ${s.lines}; debits ${sums(s.debit)}; credits ${sums(s.credit)}.`,
  );
  if (s.reconciliation.length > 0) {
    out.push('', 'Reconciliation: change of the card account balance in the mirror vs. the exported entries');
    out.push(
      renderTable(
        ['organization', 'card account', 'currency', 'entries', 'balance change', 'exported', 'agrees'],
        s.reconciliation.map((r) => [
          r.organizationId,
          r.cardAccountId ?? '',
          r.currency,
          r.entries,
          r.balanceChange,
          r.exported,
          r.agrees ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  if (s.warnings.length > 0) out.push('', 'Warnings:', ...s.warnings.map((w) => `  ${w}`));
  return out.join('\n');
}
