/**
 * hledger journal: one transaction per journal entry, balanced, amounts in the booked
 * currency; the merchant's original currency is the posting amount with the booked amount as
 * its total cost (`@@`), Pliant ids as tags. Commodities and accounts are declared, so
 * `hledger check` passes in strict mode too.
 */
import type { ExportSettings } from '../config/settings.js';
import { formatMoney, minorDigits } from '../money.js';
import { journalId, type JournalEntry, type JournalLine } from '../types.js';
import { orgTag, type Exporter, type FileContext, type RenderedFile } from './exporter.js';

export function hledgerExporter(): Exporter {
  return {
    format: 'hledger',
    pieces: (period) => [period],
    split: (entries) => (entries.length === 0 ? [] : [entries]),
    render: renderHledger,
  };
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

function renderHledger(entries: JournalEntry[], ctx: FileContext): RenderedFile {
  const { settings } = ctx;
  const commodities = new Set<string>();
  const accounts = new Set<string>();
  for (const e of entries) {
    for (const l of e.lines) {
      commodities.add(l.currency);
      if (l.original) commodities.add(l.original.currency);
      accounts.add(hledgerAccount(l.account, settings));
    }
  }
  const out: string[] = [
    `; Pliant journal: organization ${ctx.organizationId}, booked ${ctx.period.from} to ${ctx.period.to}`,
    ...(ctx.mode === 'new' ? [`; export batch ${ctx.batchId}`] : []),
    '',
    // The directive fixes the decimal mark: "1.234 BHD" is a decimal, not a thousands separator. A bare "1000." for 0 digits.
    ...[...commodities]
      .sort()
      .map(
        (c) =>
          `commodity ${formatMoney(1000n * 10n ** BigInt(minorDigits(c)), c)}${minorDigits(c) === 0 ? '.' : ''} ${c}`,
      ),
    '',
    ...[...accounts].sort().map((a) => `account ${a}`),
  ];
  let postings = 0;
  for (const e of entries) {
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
  }
  const fileName = `pliant-journal_${ctx.period.from}_${ctx.period.to}_${orgTag(ctx.organizationId)}_${ctx.batchId}.journal`;
  return { fileName, bytes: Buffer.from(out.join('\n') + '\n', 'utf8'), rows: postings, warnings: [] };
}
