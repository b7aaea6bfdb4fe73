/**
 * The journal-line builder: one account entry → one balanced journal entry (or a reason to
 * leave it out, or to refuse the export). The card line books exactly the entry's amount; the
 * counter line books the amount of the transaction or bill payment behind it, so a mirror
 * whose rows disagree shows up as an unbalanced entry instead of a silent fix.
 */
import type { ExportSettings } from '../config/settings.js';
import { abs } from '../money.js';
import type { JournalEntry, JournalLine, Money, SourceEntry } from '../types.js';
import { mapEntry, subtypeOf, type CounterPosting } from './mapping.js';
import { referenceOf, textOf } from './texts.js';

export type BuildResult =
  | { kind: 'journal'; journal: JournalEntry }
  | { kind: 'left-out'; reason: string }
  | { kind: 'refused'; problem: string };

/** How messages name an entry: enough to find it in the mirror and in Pliant. */
export function describeEntry(entry: SourceEntry): string {
  const subtype = subtypeOf(entry);
  return `entry ${entry.id} (index ${entry.entryIndex}, booked ${entry.bookingDate}, ${entry.type}${subtype ? `/${subtype}` : ''})`;
}

export function buildJournal(entry: SourceEntry, settings: ExportSettings): BuildResult {
  // Card checks (STATUS_INQUIRY) and anything else that moved no money: nothing to book.
  if (entry.amount === 0n) return { kind: 'left-out', reason: 'zero amount' };
  const mapping = mapEntry(entry, settings);
  if (mapping.kind === 'refused') return { kind: 'refused', problem: `${describeEntry(entry)}: ${mapping.problem}` };

  const subtype = subtypeOf(entry);
  const card: Money = { amount: abs(entry.amount), currency: entry.currency };
  const counterMoney = counterAmount(entry, card);
  const original = originalAmount(entry, counterMoney.currency);
  const moneyOut = entry.amount < 0n;
  const lines = linesFor(mapping.counter, card, counterMoney, original, settings, moneyOut);

  const t = entry.transaction;
  return {
    kind: 'journal',
    journal: {
      entryId: entry.id,
      kind: 'booking',
      revision: 0,
      organizationId: entry.organizationId,
      cardAccountId: entry.cardAccountId,
      entryIndex: entry.entryIndex,
      bookingDate: entry.bookingDate,
      documentDate: t?.documentDate ?? entry.billPayment?.actualPaymentDate ?? entry.bookingDate,
      entryType: entry.type,
      subtype,
      reference: referenceOf(entry),
      text: textOf(entry, subtype),
      transactionId: t?.id ?? null,
      billPaymentId: entry.billPayment?.id ?? null,
      cardId: t?.cardId ?? null,
      cardholderId: t?.cardholderId ?? null,
      receiptIds: t?.receiptIds ?? [],
      changedAt: entry.changedAt,
      lines,
    },
  };
}

function counterAmount(entry: SourceEntry, card: Money): Money {
  const t = entry.transaction;
  if (t && entry.type === 'TRANSACTION' && t.billingAmount !== null) {
    return { amount: abs(t.billingAmount), currency: t.billingCurrency ?? entry.currency };
  }
  const bp = entry.billPayment;
  if (bp && entry.type === 'BILL_PAYMENT' && bp.amount !== null)
    return { amount: abs(bp.amount), currency: bp.currency ?? entry.currency };
  return card;
}

/** The merchant's amount when it was charged in another currency (information: the booked amount is the EUR one). */
function originalAmount(entry: SourceEntry, bookedCurrency: string): Money | null {
  const t = entry.transaction;
  if (!t || t.transactionAmount === null || t.transactionAmount === 0n || !t.transactionCurrency) return null;
  return t.transactionCurrency === bookedCurrency
    ? null
    : { amount: abs(t.transactionAmount), currency: t.transactionCurrency };
}

/**
 * Money out of the card account (spend, payout): the counter is debited and the card account
 * credited; money in (refund, settlement, top-up): the reverse. Creditor-based posting adds
 * the Sammelkreditor between them, as two pairs.
 */
function linesFor(
  c: CounterPosting,
  card: Money,
  counterMoney: Money,
  original: Money | null,
  settings: ExportSettings,
  moneyOut: boolean,
): JournalLine[] {
  const counterLine = (pair: number): Omit<JournalLine, 'lineNo' | 'side'> => ({
    pair,
    role: c.role,
    account: c.account,
    amount: counterMoney.amount,
    currency: counterMoney.currency,
    taxKey: c.taxKey,
    costCentre: c.costCentre,
    original,
  });
  const plain = (
    pair: number,
    role: JournalLine['role'],
    account: string,
    money: Money,
  ): Omit<JournalLine, 'lineNo' | 'side'> => ({
    pair,
    role,
    account,
    amount: money.amount,
    currency: money.currency,
    taxKey: '',
    costCentre: '',
    original: null,
  });
  const cardLine = (pair: number) => plain(pair, 'card', settings.accounts.card, card);
  const pairs: [Omit<JournalLine, 'lineNo' | 'side'>, Omit<JournalLine, 'lineNo' | 'side'>][] = [];
  if (c.creditor === null) {
    pairs.push(moneyOut ? [counterLine(1), cardLine(1)] : [cardLine(1), counterLine(1)]);
  } else {
    const creditor = (pair: number, money: Money) => plain(pair, 'creditor', c.creditor!, money);
    if (moneyOut) pairs.push([counterLine(1), creditor(1, counterMoney)], [creditor(2, card), cardLine(2)]);
    else pairs.push([creditor(1, counterMoney), counterLine(1)], [cardLine(2), creditor(2, card)]);
  }
  let lineNo = 0;
  return pairs.flatMap(([debit, credit]) => [
    { ...debit, lineNo: ++lineNo, side: 'debit' as const },
    { ...credit, lineNo: ++lineNo, side: 'credit' as const },
  ]);
}
