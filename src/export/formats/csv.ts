/**
 * Generic CSV: UTF-8, comma-separated, RFC 4180 quoting and CR LF, one row per journal line,
 * amounts with a decimal point in the currency's own minor digits. For every tool that is
 * not DATEV. One file per organization and requested period.
 */
import { formatMoney, rateOf } from '../money.js';
import { journalId, lineId } from '../types.js';
import { listMethods, orgTag, type Exporter, type FileContext, type FileWriter } from './exporter.js';

export const CSV_COLUMNS = [
  'batch_id',
  'organization_id',
  'entry_id',
  'journal_id',
  'line_id',
  'line_no',
  'pair',
  'kind',
  'revision',
  'booking_date',
  'document_date',
  'entry_type',
  'entry_subtype',
  'account',
  'role',
  'debit',
  'credit',
  'currency',
  'original_amount',
  'original_currency',
  'fx_rate',
  'tax_key',
  'cost_centre',
  'text',
  'reference',
  'transaction_id',
  'bill_payment_id',
  'card_id',
  'cardholder_id',
  'receipt_ids',
  'card_account_id',
  'entry_index',
] as const;

/** Quoted only when needed; a leading =, +, - or @ in text is left as is (the reader decides). */
const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export function csvExporter(): Exporter {
  const format = { cutter: () => () => false, open: openCsv };
  return { format: 'csv', pieces: (period) => [period], ...format, ...listMethods(format) };
}

function openCsv(ctx: FileContext): FileWriter {
  const batch = ctx.mode === 'new' ? ctx.batchId.toString() : '';
  let rows = 0;
  return {
    fileName: `pliant-journal_${ctx.period.from}_${ctx.period.to}_${orgTag(ctx.organizationId)}_${ctx.batchId}.csv`,
    head: () => Buffer.from(CSV_COLUMNS.join(',') + '\r\n', 'utf8'),
    entry(e) {
      let out = '';
      for (const l of e.lines) {
        const values: Record<(typeof CSV_COLUMNS)[number], string> = {
          batch_id: batch,
          organization_id: e.organizationId,
          entry_id: e.entryId,
          journal_id: journalId(e),
          line_id: lineId(e, l),
          line_no: String(l.lineNo),
          pair: String(l.pair),
          kind: e.kind,
          revision: String(e.revision),
          booking_date: e.bookingDate,
          document_date: e.documentDate,
          entry_type: e.entryType,
          entry_subtype: e.subtype ?? '',
          account: l.account,
          role: l.role,
          debit: l.side === 'debit' ? formatMoney(l.amount, l.currency) : '',
          credit: l.side === 'credit' ? formatMoney(l.amount, l.currency) : '',
          currency: l.currency,
          original_amount: l.original ? formatMoney(l.original.amount, l.original.currency) : '',
          original_currency: l.original?.currency ?? '',
          fx_rate: l.original ? rateText(rateOf(l.original, l)) : '',
          tax_key: l.taxKey,
          cost_centre: l.costCentre,
          text: e.text.replace(/[\r\n]+/g, ' '),
          reference: e.reference,
          transaction_id: e.transactionId ?? '',
          bill_payment_id: e.billPaymentId ?? '',
          card_id: e.cardId ?? '',
          cardholder_id: e.cardholderId ?? '',
          receipt_ids: e.receiptIds.join(' '),
          card_account_id: e.cardAccountId ?? '',
          entry_index: e.entryIndex.toString(),
        };
        out += CSV_COLUMNS.map((c) => field(values[c])).join(',') + '\r\n';
        rows++;
      }
      return Buffer.from(out, 'utf8');
    },
    end: () => ({ rows, warnings: [] }),
  };
}

/** Units of the original currency per one booked unit, 6 decimals. */
const rateText = (scaled: bigint): string =>
  `${scaled / 1_000_000n}.${(scaled % 1_000_000n).toString().padStart(6, '0')}`;
