/**
 * Reconciliation: the change of each card account's balance over the period, read from the
 * mirror's own running balances (balanceAfter along the entry index), must equal what the
 * exported journals book on the card account for the same entries. A disagreement refuses
 * the export: it means an entry is missing, counted twice, or booked with the wrong amount.
 */
import { cardEffect } from './journal/balance.js';
import { formatMoney } from './money.js';
import type { JournalEntry, SourceEntry } from './types.js';

export interface ReconciliationRow {
  organizationId: string;
  cardAccountId: string | null;
  currency: string;
  /** Entries booked in the period on this card account (left-out ones included). */
  entries: number;
  /** Σ (balanceAfter − previous balanceAfter) over those entries, from the mirror. */
  mirrorChange: bigint;
  /** Σ card-account debits − credits of the entries' current, exported journals. */
  exported: bigint;
  agrees: boolean;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  problems: string[];
}

/**
 * `journals` holds, per entry id, the journal entry that stands for it once this export is
 * done (null when left out).
 */
export function reconcile(entries: SourceEntry[], journals: Map<string, JournalEntry | null>): Reconciliation {
  const reconciler = new Reconciler();
  for (const e of entries) reconciler.add(e, journals.get(e.id) ?? null);
  return reconciler.finish();
}

/** The same, entry by entry: it keeps one row per card account and currency, and the problems. */
export class Reconciler {
  private readonly rows = new Map<string, ReconciliationRow>();
  private readonly problems: string[] = [];
  private readonly mismatched: string[] = [];

  add(e: SourceEntry, journal: JournalEntry | null): void {
    const { rows, problems, mismatched } = this;
    const key = `${e.organizationId}\u0000${e.cardAccountId ?? ''}\u0000${e.currency}`;
    const row = rows.get(key) ?? {
      organizationId: e.organizationId,
      cardAccountId: e.cardAccountId,
      currency: e.currency,
      entries: 0,
      mirrorChange: 0n,
      exported: 0n,
      agrees: true,
    };
    rows.set(key, row);
    row.entries += 1;
    const booked = journal ? cardEffect(journal) : 0n;

    const where = `entry ${e.id} (index ${e.entryIndex}, card account ${e.cardAccountId ?? '(none)'})`;
    if (e.balanceAfter === null) {
      problems.push(
        `${where} has no balance after it: the card account's balance change cannot be read from the mirror`,
      );
      return;
    }
    let change: bigint;
    if (e.previous === null) {
      // The first entry the mirror holds for this account: there is no earlier balance to compare with.
      change = e.amount;
    } else if (e.previous.entryIndex !== e.entryIndex - 1n) {
      problems.push(
        `${where}: the mirror lacks entry index ${e.entryIndex - 1n} before it (it holds ${e.previous.entryIndex}); run a backfill of the period`,
      );
      return;
    } else if (e.previous.balanceAfter === null) {
      problems.push(`${where}: the entry before it (index ${e.previous.entryIndex}) has no balance after it`);
      return;
    } else {
      change = e.balanceAfter - e.previous.balanceAfter;
    }
    // Entries whose change cannot be read are reported above and kept out of both sums, so the totals do not repeat them.
    row.mirrorChange += change;
    row.exported += booked;
    if (change !== booked) {
      mismatched.push(
        `${where}: the balance moved by ${formatMoney(change, e.currency)} ${e.currency}, the export books ${formatMoney(booked, e.currency)} ${e.currency} on the card account`,
      );
    }
  }

  finish(): Reconciliation {
    const problems = [...this.problems];
    const list = [...this.rows.values()].sort((a, b) =>
      a.organizationId === b.organizationId
        ? (a.cardAccountId ?? '').localeCompare(b.cardAccountId ?? '') || a.currency.localeCompare(b.currency)
        : a.organizationId.localeCompare(b.organizationId),
    );
    for (const row of list) {
      row.agrees = row.mirrorChange === row.exported;
      if (!row.agrees) {
        problems.push(
          `organization ${row.organizationId}, card account ${row.cardAccountId ?? '(none)'}: the balance changed by ${formatMoney(row.mirrorChange, row.currency)} ${row.currency} ` +
            `over the period, the exported entries sum to ${formatMoney(row.exported, row.currency)} ${row.currency}`,
        );
      }
    }
    if (problems.length > 0 || list.some((r) => !r.agrees)) problems.push(...this.mismatched);
    return { rows: list, problems };
  }
}
