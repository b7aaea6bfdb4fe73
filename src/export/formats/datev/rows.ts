/**
 * Journal entries → Buchungsstapel rows: one row per booking pair. The card account goes in
 * Konto with S/H telling its side (DATEV's own card-spend pattern: money account in Konto,
 * expense with its BU-Schlüssel in Gegenkonto); a pair without it (creditor posting) puts the
 * debited account in Konto with "S". A reversal is written as the booking it cancels with
 * Generalumkehr = 1, DATEV's Storno, so its VAT is reversed with the same tax key.
 */
import type { ExportSettings } from '../../config/settings.js';
import { formatMoney, minorDigits, rateOf, rescale } from '../../money.js';
import { journalId, type JournalEntry, type JournalLine } from '../../types.js';
import { COL, COLUMN_COUNT, COLUMNS, DOC_INFO_PAIRS, EXTRA_INFO_PAIRS, TEXT_COLUMNS } from './columns.js';
import { codePoint, toCp1252Text } from './cp1252.js';
import { formatCents, quote } from './fields.js';

export interface Replacement {
  /** 1-based line of the file. */
  line: number;
  column: string;
  characters: string[];
  /** Null for header fields. */
  entryId: string | null;
}

const TEXT_MAX = 60;
const INFO_ART_MAX = 20;
const INFO_CONTENT_MAX = 210;

/** No line breaks or tabs inside a text field; runs of blanks become one. */
const oneLine = (text: string): string =>
  text
    .replace(/[\r\n\t\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

export class RowWriter {
  readonly replacements: Replacement[] = [];

  constructor(private readonly settings: ExportSettings) {}

  /** Cleans a text for cp1252 and reports what had to be replaced. */
  clean(text: string, line: number, column: string, entryId: string | null, max?: number): string {
    const { text: out, replaced } = toCp1252Text(oneLine(text));
    if (replaced.length > 0) this.replacements.push({ line, column, characters: replaced, entryId });
    return max === undefined ? out : out.slice(0, max).trimEnd();
  }

  /** The rows of one journal entry; `firstLine` is the file line of its first row. */
  rows(entry: JournalEntry, firstLine: number): string[] {
    const reversal = entry.kind === 'reversal';
    // A reversal's lines have swapped sides; written with GU the row shows the original sides.
    const lines = reversal
      ? entry.lines.map((l) => ({ ...l, side: l.side === 'debit' ? ('credit' as const) : ('debit' as const) }))
      : entry.lines;
    const pairs = [...new Set(lines.map((l) => l.pair))].sort((a, b) => a - b);
    return pairs.map((pair, i) =>
      this.row(
        entry,
        lines.filter((l) => l.pair === pair),
        firstLine + i,
      ),
    );
  }

  private row(entry: JournalEntry, pair: JournalLine[], line: number): string {
    const debit = pair.find((l) => l.side === 'debit')!;
    const credit = pair.find((l) => l.side === 'credit')!;
    const card = pair.find((l) => l.role === 'card');
    const konto = card ?? debit;
    const gegen = konto === debit ? credit : debit;
    const counter = pair.find((l) => l.role !== 'card' && l.role !== 'creditor') ?? gegen;

    const f: string[] = new Array<string>(COLUMN_COUNT + 1).fill('');
    const set = (column: number, value: string) => (f[column] = value);
    const text = (column: number, value: string, max?: number) =>
      set(column, this.clean(value, line, COLUMNS[column - 1]!, entry.entryId, max));

    set(COL.amount, formatCents(debit.amount));
    set(COL.side, konto.side === 'debit' ? 'S' : 'H');
    set(COL.currency, debit.currency);
    const fx = this.foreignColumns(counter, debit);
    if (fx) {
      set(COL.amount, fx.amount);
      set(COL.currency, fx.currency);
      set(COL.rate, fx.rate);
      set(COL.baseAmount, formatCents(debit.amount));
      set(COL.baseCurrency, debit.currency);
    }
    set(COL.account, konto.account);
    set(COL.contra, gegen.account);
    set(COL.taxKey, pair.find((l) => l.taxKey !== '')?.taxKey ?? '');
    set(COL.date, `${entry.bookingDate.slice(8, 10)}${entry.bookingDate.slice(5, 7)}`);
    set(COL.beleg1, entry.reference);
    text(COL.text, (entry.kind === 'reversal' ? 'Storno ' : '') + entry.text, TEXT_MAX);
    entry.receiptIds.slice(0, DOC_INFO_PAIRS).forEach((id, i) => {
      set(COL.docInfo + 2 * i, 'Pliant-Beleg');
      text(COL.docInfo + 2 * i + 1, id, INFO_CONTENT_MAX);
    });
    set(COL.kost1, pair.find((l) => l.costCentre !== '')?.costCentre ?? '');
    this.extraInfo(entry, counter)
      .slice(0, EXTRA_INFO_PAIRS)
      .forEach(([art, content], i) => {
        set(COL.extraInfo + 2 * i, art.slice(0, INFO_ART_MAX));
        text(COL.extraInfo + 2 * i + 1, content, INFO_CONTENT_MAX);
      });
    set(COL.lock, this.settings.datev.lock ? '1' : '0');
    if (entry.kind === 'reversal') set(COL.reversal, '1');

    return f
      .slice(1)
      .map((value, i) => (TEXT_COLUMNS.has(i + 1) ? quote(value) : value))
      .join(';');
  }

  /**
   * Umsatz in the merchant's currency with Kurs (its units per 1 EUR, 6 decimals) and the
   * booked EUR amount as Basis-Umsatz, DATEV's foreign-currency form, when DATEV's formats can
   * hold it exactly: Umsatz has 2 decimals (so not for BHD's 3) and Kurs is 1,00–9999,999999
   * (so not for GBP's 0,85). Otherwise the row books EUR and the original is information only.
   */
  private foreignColumns(
    counter: JournalLine,
    booked: JournalLine,
  ): { amount: string; currency: string; rate: string } | null {
    const original = counter.original;
    if (!original || !this.settings.datev.foreignCurrencyColumns || booked.currency !== this.settings.baseCurrency)
      return null;
    const cents = rescale(original.amount, minorDigits(original.currency), 2);
    if (cents === null || cents <= 0n || cents >= 10n ** 12n) return null;
    const rate = rateOf(original, { amount: booked.amount, currency: booked.currency }, 6);
    if (rate < 1_000_000n || rate >= 10_000_000_000n) return null;
    return {
      amount: formatCents(cents),
      currency: original.currency,
      rate: `${rate / 1_000_000n},${(rate % 1_000_000n).toString().padStart(6, '0')}`,
    };
  }

  /** Zusatzinformation: the full Pliant ids, the original amount and rate, what a reversal cancels. */
  private extraInfo(entry: JournalEntry, counter: JournalLine): [string, string][] {
    const info: [string, string][] = [
      ['Pliant-Eintrag', entry.entryId],
      ['Pliant-Buchung', journalId(entry)],
    ];
    if (entry.transactionId) info.push(['Pliant-Transaktion', entry.transactionId]);
    if (entry.billPaymentId) info.push(['Pliant-Zahlung', entry.billPaymentId]);
    const original = counter.original;
    if (original) {
      info.push(['Originalbetrag', `${formatMoney(original.amount, original.currency, ',')} ${original.currency}`]);
      const rate = rateOf(original, { amount: counter.amount, currency: counter.currency }, 6);
      info.push([
        'Kurs',
        `${rate / 1_000_000n},${(rate % 1_000_000n).toString().padStart(6, '0')} ${original.currency}/${counter.currency}`,
      ]);
    }
    if (entry.kind === 'reversal') info.push(['Storno von', journalId({ ...entry, kind: 'booking' })]);
    return info;
  }
}

export function describeReplacement(r: Replacement, fileName: string): string {
  const chars = r.characters.map((c) => `"${c}" (${codePoint(c)})`).join(', ');
  return `${fileName}: line ${r.line}, ${r.column}: ${chars} not in Windows-1252, written as "?"${r.entryId ? ` (entry ${r.entryId})` : ''}`;
}
