/**
 * One module per format implements this: how a period is cut into files, how a file's
 * entries are split, how they are written, and (DATEV) the pre-flight check of the bytes.
 * Formats only write journal entries; what gets booked is decided before them.
 */
import type { ExportSettings } from '../config/settings.js';
import type { ExportFormat, ExportMode, JournalEntry, Period } from '../types.js';

export interface FileContext {
  organizationId: string;
  /** The file's own period (DATEV: Datum vom/bis). */
  period: Period;
  mode: ExportMode;
  /** Written into the file only for `new` batches: a repeat (`all`) of the same data stays byte-identical. */
  batchId: bigint;
  part: number;
  parts: number;
  settings: ExportSettings;
  /** SYNC_TIMEZONE: local times in the file (DATEV "Erzeugt am"). */
  timeZone: string;
}

export interface RenderedFile {
  fileName: string;
  bytes: Buffer;
  /** Rows or lines of bookings in the file (DATEV rows, CSV lines, hledger postings). */
  rows: number;
  /** Characters that had to be replaced, and similar; reported, not fatal. */
  warnings: string[];
}

export interface PreflightFinding {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface Exporter {
  readonly format: ExportFormat;
  /** The requested period cut into the periods of separate files. */
  pieces(period: Period, settings: ExportSettings): Period[];
  /** One file's entries cut into parts (DATEV: at most 99,999 rows each), in order. */
  split(entries: JournalEntry[]): JournalEntry[][];
  render(entries: JournalEntry[], context: FileContext): RenderedFile;
  /** Why the format cannot hold an entry (null: it can); checked before anything is written. */
  refuse?(entry: JournalEntry, settings: ExportSettings): string | null;
  /** Checks the written bytes; any `error` refuses the export. */
  preflight?(file: RenderedFile): PreflightFinding[];
}

/** The short organization tag in file names: the first 8 characters of its id. */
export const orgTag = (organizationId: string): string =>
  organizationId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'org';
