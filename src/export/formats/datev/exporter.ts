/**
 * DATEV-Format EXTF 700, Buchungsstapel (category 21, Formatversion 13): one file per
 * calendar month (never across a calendar or fiscal year), at most 99,999 rows, Windows-1252
 * with CR LF, DATEV's quoting, and the validator run on every file.
 */
import { localStamp, monthlyPieces } from '../../period.js';
import type { JournalEntry } from '../../types.js';
import {
  listMethods,
  orgTag,
  type Exporter,
  type FileContext,
  type FileFacts,
  type FileWriter,
  type PreflightFinding,
} from '../exporter.js';
import { COLUMNS } from './columns.js';
import { encodeCp1252 } from './cp1252.js';
import { headerFields } from './header.js';
import { describeReplacement, RowWriter } from './rows.js';
import { DatevCheck, describeFinding, MAX_BOOKINGS, validateDatev, type Finding } from './validator.js';

const rowsOf = (entry: JournalEntry): number => new Set(entry.lines.map((l) => l.pair)).size;

const asPreflight = (f: Finding): PreflightFinding => ({
  rule: f.rule,
  severity: f.severity,
  message: describeFinding(f),
});

const dm = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.`;

export function datevExporter(maxRows = MAX_BOOKINGS): Exporter {
  const format = {
    cutter() {
      let rows = 0;
      let entries = 0;
      return (entry: JournalEntry) => {
        const n = rowsOf(entry);
        // An entry's rows stay together: a creditor posting is two rows that belong to each other.
        const cut = rows + n > maxRows && entries > 0;
        if (cut) rows = entries = 0;
        rows += n;
        entries++;
        return cut;
      };
    },
    open: openDatev,
  };
  return {
    format: 'datev',
    pieces: (period, settings) => monthlyPieces(period, settings.datev.fiscalYearStart),
    ...format,
    ...listMethods(format),
    refuse(entry, settings) {
      // Umsatz, Basis-Umsatz and the header's WKZ are one base currency; a card account in another is not a DATEV batch of this client.
      const other = entry.lines.find((l) => l.currency !== settings.baseCurrency);
      return other
        ? `is booked in ${other.currency}, but DATEV files here book ${settings.baseCurrency} (the header's WKZ)`
        : null;
    },
    preflight: (file) => validateDatev(file.bytes, file.fileName).map(asPreflight),
    preflightStream(fileName) {
      const check = new DatevCheck(fileName);
      return { push: (bytes) => check.push(bytes), finish: () => check.finish().map(asPreflight) };
    },
  };
}

function openDatev(ctx: FileContext, facts: FileFacts): FileWriter {
  const { period, settings } = ctx;
  const writer = new RowWriter(settings);
  const partTag = ctx.parts > 1 ? ` T${ctx.part}` : '';
  const fileName =
    `EXTF_Buchungsstapel_${period.from.replaceAll('-', '')}-${period.to.replaceAll('-', '')}_${orgTag(ctx.organizationId)}` +
    `${ctx.parts > 1 ? `_T${ctx.part}` : ''}_${ctx.batchId}.csv`;
  let lines = 0;
  return {
    fileName,
    head() {
      // "Erzeugt am" is when the data last changed, not the clock: a repeat of the same data is byte-identical.
      const header = headerFields({
        settings,
        period,
        created: localStamp(facts.asOf, ctx.timeZone),
        label: `Pliant ${dm(period.from)}-${dm(period.to)}${period.to.slice(0, 4)}${partTag}`,
        exportedBy: writer.clean(settings.datev.exportedBy, 1, 'Exportiert von', null, 25),
        dictation: writer.clean(settings.datev.dictation, 1, 'Diktatkürzel', null, 2),
      });
      lines = 2;
      return encodeCp1252(header.join(';') + '\r\n' + COLUMNS.join(';') + '\r\n');
    },
    entry(entry) {
      const rows = writer.rows(entry, lines + 1);
      lines += rows.length;
      return encodeCp1252(rows.map((r) => r + '\r\n').join(''));
    },
    end: () => ({ rows: lines - 2, warnings: writer.replacements.map((r) => describeReplacement(r, fileName)) }),
  };
}
