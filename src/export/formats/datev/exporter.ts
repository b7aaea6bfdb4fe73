/**
 * DATEV-Format EXTF 700, Buchungsstapel (category 21, Formatversion 13): one file per
 * calendar month (never across a calendar or fiscal year), at most 99,999 rows, Windows-1252
 * with CR LF, DATEV's quoting, and the validator run on every file.
 */
import { localStamp, monthlyPieces } from '../../period.js';
import type { JournalEntry } from '../../types.js';
import { orgTag, type Exporter, type FileContext, type RenderedFile } from '../exporter.js';
import { COLUMNS } from './columns.js';
import { encodeCp1252 } from './cp1252.js';
import { headerFields } from './header.js';
import { describeReplacement, RowWriter } from './rows.js';
import { describeFinding, MAX_BOOKINGS, validateDatev } from './validator.js';

const rowsOf = (entry: JournalEntry): number => new Set(entry.lines.map((l) => l.pair)).size;

const dm = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.`;

export function datevExporter(maxRows = MAX_BOOKINGS): Exporter {
  return {
    format: 'datev',
    pieces: (period, settings) => monthlyPieces(period, settings.datev.fiscalYearStart),
    split(entries) {
      const parts: JournalEntry[][] = [];
      let current: JournalEntry[] = [];
      let rows = 0;
      for (const entry of entries) {
        const n = rowsOf(entry);
        // An entry's rows stay together: a creditor posting is two rows that belong to each other.
        if (rows + n > maxRows && current.length > 0) {
          parts.push(current);
          current = [];
          rows = 0;
        }
        current.push(entry);
        rows += n;
      }
      if (current.length > 0) parts.push(current);
      return parts;
    },
    render: renderDatev,
    refuse(entry, settings) {
      // Umsatz, Basis-Umsatz and the header's WKZ are one base currency; a card account in another is not a DATEV batch of this client.
      const other = entry.lines.find((l) => l.currency !== settings.baseCurrency);
      return other
        ? `is booked in ${other.currency}, but DATEV files here book ${settings.baseCurrency} (the header's WKZ)`
        : null;
    },
    preflight: (file) =>
      validateDatev(file.bytes, file.fileName).map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: describeFinding(f),
      })),
  };
}

function renderDatev(entries: JournalEntry[], ctx: FileContext): RenderedFile {
  const { period, settings } = ctx;
  const writer = new RowWriter(settings);
  const partTag = ctx.parts > 1 ? ` T${ctx.part}` : '';
  // "Erzeugt am" is when the data last changed, not the clock: a repeat of the same data is byte-identical.
  const asOf = entries.reduce((max, e) => (e.changedAt > max ? e.changedAt : max), new Date(0));
  const header = headerFields({
    settings,
    period,
    created: localStamp(asOf, ctx.timeZone),
    label: `Pliant ${dm(period.from)}-${dm(period.to)}${period.to.slice(0, 4)}${partTag}`,
    exportedBy: writer.clean(settings.datev.exportedBy, 1, 'Exportiert von', null, 25),
    dictation: writer.clean(settings.datev.dictation, 1, 'Diktatkürzel', null, 2),
  });
  const lines = [header.join(';'), COLUMNS.join(';')];
  for (const entry of entries) lines.push(...writer.rows(entry, lines.length + 1));
  const name =
    `EXTF_Buchungsstapel_${period.from.replaceAll('-', '')}-${period.to.replaceAll('-', '')}_${orgTag(ctx.organizationId)}` +
    `${ctx.parts > 1 ? `_T${ctx.part}` : ''}_${ctx.batchId}.csv`;
  return {
    fileName: name,
    bytes: encodeCp1252(lines.join('\r\n') + '\r\n'),
    rows: lines.length - 2,
    warnings: writer.replacements.map((r) => describeReplacement(r, name)),
  };
}
