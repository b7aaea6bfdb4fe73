/**
 * hledger journal: one transaction per journal entry, balanced, amounts in the booked
 * currency; the merchant's original currency is the posting amount with the booked amount as
 * its total cost (`@@`), Pliant ids as tags. Commodities and accounts are declared, so
 * `hledger check` passes in strict mode too.
 */
import type { ExportSettings } from '../config/settings.js';
import { formatMoney, minorDigits } from '../money.js';
import { journalId, type JournalLine } from '../types.js';
import { listMethods, orgTag, type Exporter, type FileContext, type FileFacts, type FileWriter } from './exporter.js';

export function hledgerExporter(): Exporter {
  const format = { cutter: () => () => false, open: openHledger };
  return { format: 'hledger', pieces: (period) => [period], ...format, ...listMethods(format) };
}

/** Account names from the account number and what the settings make of it, the same in every file. */
export function hledgerAccount(account: string, settings: ExportSettings): string {
  const a = settings.accounts;
  if (account === a.card) return `liabilities:pliant card:${account}`;
  if (account === a.clearing) return `assets:transit:${account}`;
  if (account === a.cash) return `assets:cash:${account}`;
  if (account === a.fees) return `expenses:fees:${account}`;
  if (account.length === settings.accountLength + 1) return `liabilities:creditors:${account}`;
  return `expenses:${account}`;
}

/** Descriptions and tag values end at ";" (comment) or "," (next tag), and at line ends. */
const clean = (text: string, extra: RegExp): string =>
  text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(extra, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();

const amountText = (amount: bigint, currency: string): string => `${formatMoney(amount, currency)} ${currency}`;

function postingAmount(line: JournalLine): string {
  const sign = line.side === 'debit' ? 1n : -1n;
  if (!line.original) return amountText(sign * line.amount, line.currency);
  return `${amountText(sign * line.original.amount, line.original.currency)} @@ ${amountText(line.amount, line.currency)}`;
}

function openHledger(ctx: FileContext, facts: FileFacts): FileWriter {
  const { settings } = ctx;
  const accounts = new Set([...facts.accounts].map((a) => hledgerAccount(a, settings)));
  let postings = 0;
  return {
    fileName: `pliant-journal_${ctx.period.from}_${ctx.period.to}_${orgTag(ctx.organizationId)}_${ctx.batchId}.journal`,
    head() {
      const out: string[] = [
        `; Pliant journal: organization ${ctx.organizationId}, booked ${ctx.period.from} to ${ctx.period.to}`,
        ...(ctx.mode === 'new' ? [`; export batch ${ctx.batchId}`] : []),
        '',
        // The directive fixes the decimal mark: "1.234 BHD" is a decimal, not a thousands separator. A bare "1000." for 0 digits.
        ...[...facts.currencies]
          .sort()
          .map(
            (c) =>
              `commodity ${formatMoney(1000n * 10n ** BigInt(minorDigits(c)), c)}${minorDigits(c) === 0 ? '.' : ''} ${c}`,
          ),
        '',
        ...[...accounts].sort().map((a) => `account ${a}`),
      ];
      return Buffer.from(out.map((line) => line + '\n').join(''), 'utf8');
    },
    entry(e) {
      const out: string[] = [];
      const storno = e.kind === 'reversal' ? 'Storno ' : '';
      out.push('', `${e.bookingDate} * (${e.reference}) ${clean(storno + e.text, /;/g) || e.entryType}`);
      const tags = [
        `pliant_entry:${e.entryId}`,
        `pliant_booking:${journalId(e)}`,
        ...(e.kind === 'reversal' ? [`reverses:${journalId({ ...e, kind: 'booking' })}`] : []),
        ...(e.transactionId ? [`pliant_transaction:${e.transactionId}`] : []),
        ...(e.billPaymentId ? [`pliant_payment:${e.billPaymentId}`] : []),
        ...(e.receiptIds.length > 0 ? [`receipts:${e.receiptIds.map((r) => clean(r, /[;,]/g)).join(' ')}`] : []),
      ];
      out.push(`    ; ${tags.join(', ')}`);
      const names = e.lines.map((l) => hledgerAccount(l.account, settings));
      const width = Math.max(...names.map((n) => n.length)) + 2;
      e.lines.forEach((l, i) => {
        const lineTags = [
          ...(l.taxKey ? [`tax_key:${l.taxKey}`] : []),
          ...(l.costCentre ? [`cost_centre:${l.costCentre}`] : []),
        ];
        out.push(
          `    ${names[i]!.padEnd(width)}${postingAmount(l)}${lineTags.length > 0 ? `  ; ${lineTags.join(', ')}` : ''}`,
        );
        postings++;
      });
      return Buffer.from(out.map((line) => line + '\n').join(''), 'utf8');
    },
    end: () => ({ rows: postings, warnings: [] }),
  };
}
