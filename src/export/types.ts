/**
 * The exporter's vocabulary: mirror rows in (SourceEntry), balanced journal entries out
 * (JournalEntry), which each format then writes. Money is bigint minor units throughout.
 */

export const EXPORT_FORMATS = ['datev', 'csv', 'hledger'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** `new`: only what was not yet exported to the format, and marks it; `all`: the whole period, marks nothing. */
export type ExportMode = 'new' | 'all';

/** Inclusive range of booking dates, `YYYY-MM-DD`. */
export interface Period {
  from: string;
  to: string;
}

export interface Money {
  /** Minor units (cents; JPY has none, BHD three). */
  amount: bigint;
  currency: string;
}

/** One account entry of the mirror with what the exporter needs of its transaction or bill payment. */
export interface SourceEntry {
  id: string;
  organizationId: string;
  cardAccountId: string | null;
  entryIndex: bigint;
  type: string;
  bookingDate: string;
  /** Signed, as it hit the card account: negative = money out. */
  amount: bigint;
  currency: string;
  balanceAfter: bigint | null;
  /** The same card account's entry before this one (by index), if the mirror has one. */
  previous: { entryIndex: bigint; balanceAfter: bigint | null } | null;
  transactionType: string | null;
  billPaymentType: string | null;
  /** When any of the rows behind this entry last changed in the mirror: the data's "as of" time. */
  changedAt: Date;
  transaction: SourceTransaction | null;
  /** The entry names a transaction the mirror does not hold (yet). */
  missingTransactionId: string | null;
  billPayment: SourceBillPayment | null;
  missingBillPaymentId: string | null;
}

export interface SourceTransaction {
  id: string;
  type: string | null;
  category: string | null;
  billingAmount: bigint | null;
  billingCurrency: string | null;
  transactionAmount: bigint | null;
  transactionCurrency: string | null;
  merchantName: string | null;
  merchantLegalName: string | null;
  /** On the organization's platform-fee card (fees, FX fees, card checks). */
  platformFee: boolean;
  cardId: string | null;
  cardRefNum: string | null;
  cardholderId: string | null;
  cardholderEmail: string | null;
  /** Local date (SYNC_TIMEZONE) the card was used: the receipt's date. */
  documentDate: string | null;
  receiptIds: string[];
}

export interface SourceBillPayment {
  id: string;
  publicPaymentId: string | null;
  type: string | null;
  amount: bigint | null;
  currency: string | null;
  actualPaymentDate: string | null;
}

export type Side = 'debit' | 'credit';

/** What a line stands for; the card line is the one reconciled against the card account's balance. */
export type LineRole = 'card' | 'expense' | 'fees' | 'cash' | 'clearing' | 'creditor' | 'rule';

export interface JournalLine {
  /** 1-based within the entry. */
  lineNo: number;
  /** Lines of one pair form one two-sided booking (one DATEV row): one debit, one credit, same amount. */
  pair: number;
  role: LineRole;
  account: string;
  side: Side;
  /** > 0, minor units of `currency`. */
  amount: bigint;
  currency: string;
  /** DATEV BU-Schlüssel, '' for none. */
  taxKey: string;
  /** KOST1, '' for none. */
  costCentre: string;
  /** The merchant's amount and currency when it differs from the booking currency: information only. */
  original: Money | null;
}

export type JournalKind = 'booking' | 'reversal';

export interface JournalEntry {
  entryId: string;
  kind: JournalKind;
  /** 1 for an entry's first booking; a changed entry is reversed and booked again as n + 1. */
  revision: number;
  organizationId: string;
  cardAccountId: string | null;
  entryIndex: bigint;
  bookingDate: string;
  /** Date of the underlying business event (card use, payment), `YYYY-MM-DD`. */
  documentDate: string;
  entryType: string;
  subtype: string | null;
  /** Short, stable Pliant reference (DATEV Belegfeld 1): charset A–Z a–z 0–9 and -. */
  reference: string;
  /** Merchant or payment description, as received (formats cut and clean it). */
  text: string;
  transactionId: string | null;
  billPaymentId: string | null;
  cardId: string | null;
  cardholderId: string | null;
  receiptIds: string[];
  changedAt: Date;
  lines: JournalLine[];
}

/** Stable id of a journal entry, and of its lines: `<entry>:<revision>[:S]` and `…:<lineNo>`. */
export function journalId(entry: Pick<JournalEntry, 'entryId' | 'revision' | 'kind'>): string {
  return `${entry.entryId}:${entry.revision}${entry.kind === 'reversal' ? ':S' : ''}`;
}

export function lineId(
  entry: Pick<JournalEntry, 'entryId' | 'revision' | 'kind'>,
  line: Pick<JournalLine, 'lineNo'>,
): string {
  return `${journalId(entry)}:${line.lineNo}`;
}
