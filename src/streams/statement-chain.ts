/**
 * Is the mirrored statement complete? Per card account, `index` must run without gaps and
 * `balanceAfter[i] = balanceAfter[i-1] + amount[i]`. Checked in SQL over the mirror after
 * every run of the account-entries stream.
 */
import type { PrismaClient } from '../db/prisma.js';

export interface ChainProblem {
  cardAccountId: string | null;
  kind: 'gap' | 'duplicate' | 'balance';
  /** Index of the entry before the problem, and of the one at it. */
  previousIndex: bigint;
  index: bigint;
  /** Where to re-read: the days between the two entries (by creation when known, else booking). */
  window: { dateField: 'createdAt' | 'bookingDate'; from: string; to: string };
  detail: string;
}

interface Row {
  card_account_id: string | null;
  entry_index: bigint;
  prev_index: bigint;
  amount: bigint;
  balance_after: bigint | null;
  prev_balance: bigint | null;
  created_day: string | null;
  prev_created_day: string | null;
  booking_day: string;
  prev_booking_day: string;
}

export async function findChainProblems(db: PrismaClient, organizationId: string, limit = 50): Promise<ChainProblem[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT * FROM (
      SELECT card_account_id, entry_index, amount, balance_after,
             to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS created_day,
             to_char(booking_date, 'YYYY-MM-DD') AS booking_day,
             lag(entry_index) OVER w AS prev_index,
             lag(balance_after) OVER w AS prev_balance,
             lag(to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) OVER w AS prev_created_day,
             lag(to_char(booking_date, 'YYYY-MM-DD')) OVER w AS prev_booking_day
        FROM account_entries WHERE organization_id = ${organizationId}
      WINDOW w AS (PARTITION BY card_account_id ORDER BY entry_index, id)
    ) s
    WHERE prev_index IS NOT NULL
      AND (entry_index <> prev_index + 1
           OR (balance_after IS NOT NULL AND prev_balance IS NOT NULL AND balance_after <> prev_balance + amount))
    ORDER BY card_account_id, entry_index
    LIMIT ${limit}`;
  return rows.map((r) => {
    const byCreation = r.created_day !== null && r.prev_created_day !== null;
    const window = byCreation
      ? {
          dateField: 'createdAt' as const,
          from: minDay(r.prev_created_day!, r.created_day!),
          to: maxDay(r.prev_created_day!, r.created_day!),
        }
      : {
          dateField: 'bookingDate' as const,
          from: minDay(r.prev_booking_day, r.booking_day),
          to: maxDay(r.prev_booking_day, r.booking_day),
        };
    const account = r.card_account_id ?? '(none)';
    if (r.entry_index === r.prev_index) {
      return {
        cardAccountId: r.card_account_id,
        kind: 'duplicate',
        previousIndex: r.prev_index,
        index: r.entry_index,
        window,
        detail: `card account ${account}: two entries carry index ${r.entry_index}`,
      };
    }
    if (r.entry_index !== r.prev_index + 1n) {
      const first = r.prev_index + 1n;
      const last = r.entry_index - 1n;
      return {
        cardAccountId: r.card_account_id,
        kind: 'gap',
        previousIndex: r.prev_index,
        index: r.entry_index,
        window,
        detail: `card account ${account}: entries with index ${first === last ? first : `${first}..${last}`} are missing`,
      };
    }
    return {
      cardAccountId: r.card_account_id,
      kind: 'balance',
      previousIndex: r.prev_index,
      index: r.entry_index,
      window,
      detail: `card account ${account}: balance chain broken at index ${r.entry_index}: balanceAfter ${r.balance_after} ≠ ${r.prev_balance} + ${r.amount}`,
    };
  });
}

const minDay = (a: string, b: string): string => (a < b ? a : b);
const maxDay = (a: string, b: string): string => (a > b ? a : b);
