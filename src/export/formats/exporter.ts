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

/**
 * What a file's first lines say about all of its entries (DATEV "Erzeugt am", hledger's
 * declarations): gathered while the export plans, before the first byte is written.
 */
export interface FileFacts {
  /** The latest `changedAt` of the file's entries. */
  asOf: Date;
  /** Booked and original currencies. */
  currencies: Set<string>;
  accounts: Set<string>;
}

export const emptyFacts = (): FileFacts => ({ asOf: new Date(0), currencies: new Set(), accounts: new Set() });

export function addFacts(facts: FileFacts, entry: JournalEntry): void {
  if (entry.changedAt > facts.asOf) facts.asOf = entry.changedAt;
  for (const l of entry.lines) {
    facts.currencies.add(l.currency);
    if (l.original) facts.currencies.add(l.original.currency);
    facts.accounts.add(l.account);
  }
}

/** One file written as its entries come: the head, then each entry's bytes, in order. */
export interface FileWriter {
  readonly fileName: string;
  head(): Buffer;
  entry(entry: JournalEntry): Buffer;
  /** Rows written and warnings, once every entry is in. */
  end(): { rows: number; warnings: string[] };
}

export interface Exporter {
  readonly format: ExportFormat;
  /** The requested period cut into the periods of separate files. */
  pieces(period: Period, settings: ExportSettings): Period[];
  /**
   * Cuts one file's entries into parts as they come (DATEV: at most 99,999 rows each): the
   * function answers, for each entry in order, whether it starts a new part.
   */
  cutter(): (entry: JournalEntry) => boolean;
  /** One file's entries cut into parts, in order (the cutter over a list). */
  split(entries: JournalEntry[]): JournalEntry[][];
  /** A file, written entry by entry; `facts` are those of all the entries it will hold. */
  open(context: FileContext, facts: FileFacts): FileWriter;
  /** A whole file at once (the writer over a list). */
  render(entries: JournalEntry[], context: FileContext): RenderedFile;
  /** Why the format cannot hold an entry (null: it can); checked before anything is written. */
  refuse?(entry: JournalEntry, settings: ExportSettings): string | null;
  /** Checks the written bytes; any `error` refuses the export. */
  preflight?(file: RenderedFile): PreflightFinding[];
  /** The same check over a file as it is written, chunk by chunk (each ending at a line end). */
  preflightStream?(fileName: string): { push(bytes: Uint8Array): void; finish(): PreflightFinding[] };
}

/** The short organization tag in file names: the first 8 characters of its id. */
export const orgTag = (organizationId: string): string =>
  organizationId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'org';

/** `split` and `render` of a format, from its `cutter` and `open`. */
export function listMethods(format: Pick<Exporter, 'cutter' | 'open'>): Pick<Exporter, 'split' | 'render'> {
  return {
    split(entries) {
      const parts: JournalEntry[][] = [];
      const cut = format.cutter();
      for (const entry of entries) {
        if (cut(entry) || parts.length === 0) parts.push([]);
        parts[parts.length - 1]!.push(entry);
      }
      return parts;
    },
    render(entries, context) {
      const facts = emptyFacts();
      for (const e of entries) addFacts(facts, e);
      const writer = format.open(context, facts);
      const chunks = [writer.head(), ...entries.map((e) => writer.entry(e))];
      return { fileName: writer.fileName, bytes: Buffer.concat(chunks), ...writer.end() };
    },
  };
}
