// Counts and sums per organization: what /__admin/summary shows and what tests
// compare a mirror against.
import type { World } from './store/world.js';
import { formatDate, formatInstant } from './util/time.js';

export interface OrganizationSummary {
  organizationId: string;
  name: string;
  status: string;
  accountType: string;
  /** credit, prefunded or hybrid (a CREDIT organization that also tops up) */
  kind: string;
  paymentFrequency: string;
  creditLimit: number;
  balance: number;
  availableLimit: number;
  entries: number;
  lastIndex: number;
  /** sum of all entry amounts: equals balance, the account started at 0 */
  sumOfAmounts: number;
  transactions: number;
  billPayments: number;
  receipts: number;
  firstBookingDate: string | null;
  lastBookingDate: string | null;
}

export interface Summary {
  now: string;
  seed: number;
  firstDay: string;
  organizations: OrganizationSummary[];
  totals: { entries: number; transactions: number; billPayments: number; receipts: number; leads: number };
}

export function summarize(w: World): Summary {
  const e = w.entries;
  const liveReceipts = new Map<number, number>();
  for (let r = 0; r < w.receipts.length; r++) {
    if (w.receipts.deleted[r]) continue;
    const org = w.transactions.org[w.receipts.tx[r]!]!;
    liveReceipts.set(org, (liveReceipts.get(org) ?? 0) + 1);
  }
  const organizations = w.orgs.map((org): OrganizationSummary => {
    let sum = 0;
    let first = Infinity;
    let last = -Infinity;
    const rows = org.entries.view();
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      sum += e.amount[r]!;
      const d = e.bookingDay[r]!;
      if (d < first) first = d;
      if (d > last) last = d;
    }
    return {
      organizationId: org.id,
      name: org.profile.name,
      status: org.status,
      accountType: org.accountType,
      kind: org.kind,
      paymentFrequency: org.paymentFrequency,
      creditLimit: org.creditLimit,
      balance: org.balance,
      availableLimit: org.balance + org.creditLimit,
      entries: rows.length,
      lastIndex: org.lastIndex,
      sumOfAmounts: sum,
      transactions: org.transactions.length,
      billPayments: org.payments.length,
      receipts: liveReceipts.get(org.serial) ?? 0,
      firstBookingDate: rows.length ? formatDate(first) : null,
      lastBookingDate: rows.length ? formatDate(last) : null,
    };
  });
  let receipts = 0;
  for (const n of liveReceipts.values()) receipts += n;
  return {
    now: formatInstant(w.nowSec, 0, 0),
    seed: w.seed,
    firstDay: formatDate(w.startDay),
    organizations,
    totals: {
      entries: w.entries.length,
      transactions: w.transactions.length,
      billPayments: w.payments.length,
      receipts,
      leads: w.leads.length,
    },
  };
}
