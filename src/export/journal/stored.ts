/**
 * What is kept of an exported journal entry: its fingerprint (what the booking means) and
 * the entry itself as JSON (bigint as text), so a later reversal cancels exactly what was
 * delivered even after the mirror changed.
 */
import { createHash } from 'node:crypto';

import type { JournalEntry, JournalLine } from '../types.js';

/**
 * Date, accounts, sides, amounts, currencies, tax keys and cost centres: a change to any of
 * them is a new booking (reversal + rebooking). Texts and receipt references are
 * information; a merchant name that arrives a day later does not rebook the entry.
 */
export function fingerprint(entry: Pick<JournalEntry, 'bookingDate' | 'lines'>): string {
  const meaning = [
    entry.bookingDate,
    entry.lines.map((l) => [
      l.pair,
      l.role,
      l.account,
      l.side,
      l.amount.toString(),
      l.currency,
      l.taxKey,
      l.costCentre,
      l.original ? [l.original.amount.toString(), l.original.currency] : null,
    ]),
  ];
  return createHash('sha256').update(JSON.stringify(meaning)).digest('hex');
}

export type StoredJournal = Omit<JournalEntry, 'entryIndex' | 'changedAt' | 'lines'> & {
  entryIndex: string;
  changedAt: string;
  lines: (Omit<JournalLine, 'amount' | 'original'> & {
    amount: string;
    original: { amount: string; currency: string } | null;
  })[];
};

export function toStored(entry: JournalEntry): StoredJournal {
  return {
    ...entry,
    entryIndex: entry.entryIndex.toString(),
    changedAt: entry.changedAt.toISOString(),
    lines: entry.lines.map((l) => ({
      ...l,
      amount: l.amount.toString(),
      original: l.original ? { amount: l.original.amount.toString(), currency: l.original.currency } : null,
    })),
  };
}

export function fromStored(stored: StoredJournal): JournalEntry {
  return {
    ...stored,
    entryIndex: BigInt(stored.entryIndex),
    changedAt: new Date(stored.changedAt),
    lines: stored.lines.map((l) => ({
      ...l,
      amount: BigInt(l.amount),
      original: l.original ? { amount: BigInt(l.original.amount), currency: l.original.currency } : null,
    })),
  };
}

/**
 * The reversal of an exported booking: its lines with the sides swapped, dated on the
 * entry's current booking date (the period being exported), with the booking's reference.
 */
export function reversalOf(booking: JournalEntry, current: { bookingDate: string; changedAt: Date }): JournalEntry {
  return {
    ...booking,
    kind: 'reversal',
    bookingDate: current.bookingDate,
    changedAt: current.changedAt,
    lines: booking.lines.map((l) => ({ ...l, side: l.side === 'debit' ? 'credit' : 'debit' })),
  };
}
