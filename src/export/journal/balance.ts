/**
 * Debits equal credits, per entry and per currency, and every pair is one debit and one
 * credit of the same amount. Checked on every journal before anything is written: one
 * failure refuses the whole export, naming the entry.
 */
import { addTo, formatMoney } from '../money.js';
import { journalId, type JournalEntry } from '../types.js';

export function balanceProblem(entry: JournalEntry): string | null {
  if (entry.lines.length === 0) return 'has no lines';
  for (const line of entry.lines) {
    if (line.amount <= 0n)
      return `line ${line.lineNo} has amount ${formatMoney(line.amount, line.currency)} ${line.currency}: amounts must be above 0`;
  }
  const debit = new Map<string, bigint>();
  const credit = new Map<string, bigint>();
  for (const line of entry.lines) addTo(line.side === 'debit' ? debit : credit, line.currency, line.amount);
  for (const currency of new Set([...debit.keys(), ...credit.keys()])) {
    const d = debit.get(currency) ?? 0n;
    const c = credit.get(currency) ?? 0n;
    if (d !== c) {
      return `does not balance: debits ${formatMoney(d, currency)} ${currency}, credits ${formatMoney(c, currency)} ${currency}`;
    }
  }
  const pairs = new Map<number, JournalEntry['lines']>();
  for (const line of entry.lines) pairs.set(line.pair, [...(pairs.get(line.pair) ?? []), line]);
  for (const [pair, lines] of pairs) {
    const [a, b] = lines;
    if (lines.length !== 2 || !a || !b || a.side === b.side || a.amount !== b.amount || a.currency !== b.currency) {
      return `booking pair ${pair} is not one debit and one credit of the same amount`;
    }
  }
  return null;
}

/** Card account effect of a journal entry: debits minus credits on its card lines (= the entry's signed amount). */
export function cardEffect(entry: JournalEntry): bigint {
  let sum = 0n;
  for (const line of entry.lines) if (line.role === 'card') sum += line.side === 'debit' ? line.amount : -line.amount;
  return sum;
}

export function describeJournal(entry: JournalEntry): string {
  return `entry ${entry.entryId} (${journalId(entry)}, booked ${entry.bookingDate}, ${entry.entryType}${entry.subtype ? `/${entry.subtype}` : ''})`;
}
