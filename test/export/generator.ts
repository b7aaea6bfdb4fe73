/**
 * A seeded generator of mirror rows for the property tests: card spend in several currencies
 * (with its FX fees on the fee card), refunds, chargebacks and recharges, cash, card checks,
 * monthly fees, bills, top-ups, payouts and reversals, late entries whose index order differs
 * from their booking dates, over a period that crosses a calendar year.
 */
import { addDays, MirrorBuilder, uuid, type Mirror } from './fixture.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): {
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
} {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)]!,
    chance: (p) => next() < p,
  };
}

const CATEGORIES = [
  'ADVERTISING_AND_MARKETING',
  'COMPUTING_AND_SOFTWARE',
  'FOOD_AND_DRINKS',
  'OFFICE_SUPPLIES_AND_EQUIPMENT',
  'SERVICES',
  'TRAVEL_AND_ACCOMMODATION',
  'OTHER',
] as const;
const MERCHANTS = [
  'Amazon EU',
  'Bäckerei Körner',
  'Hotel „Adler“',
  'Slack Technologies',
  'Deutsche Bahn',
  'Café ☕ Ecke',
  'Shell Station 1234',
  'Mediamarkt',
];
/** Currency, minor digits, units per EUR as num/den. */
const CURRENCIES: [string, number, number, number][] = [
  ['USD', 2, 108, 100],
  ['GBP', 2, 85, 100],
  ['CHF', 2, 94, 100],
  ['JPY', 0, 163, 1],
  ['BHD', 3, 407, 1000],
];

export const GENERATED_PERIOD = { from: '2026-11-20', to: '2027-01-15' };

export function generateMirror(seed: number): Mirror {
  const r = random(seed);
  const m = new MirrorBuilder(uuid('generated-org', seed), `Generated ${seed} GmbH`);
  const holders = Array.from({ length: 2 + r.int(3) }, (_, i) =>
    m.cardholder(`h${i}`, `First${i}`, `Last${i}`, `h${i}@example.com`),
  );
  const cards = holders.map((h, i) => m.card(`c${i}`, h, String(1000 + i)));
  const fees = m.card('fees', null, '0000', true);
  // A second card account for some organizations: each account keeps its own index and balance.
  const secondAccount = r.chance(0.5) ? uuid('card-account-2', seed) : null;
  const purchases: { card: string; amount: number; merchant: string; category: string }[] = [];
  const late: (() => void)[] = [];

  m.payment(GENERATED_PERIOD.from, 'TOPUP', 2_000_000);
  if (secondAccount) m.payment(GENERATED_PERIOD.from, 'TOPUP', 500_000, secondAccount);
  for (let day = GENERATED_PERIOD.from; day <= GENERATED_PERIOD.to; day = addDays(day, 1)) {
    // Entries booked yesterday but created today get their index after today's: index order ≠ date order.
    const due = late.splice(0);
    const events = r.int(5);
    for (let i = 0; i < events; i++) {
      const kind = r.int(100);
      const card = r.pick(cards);
      const account = secondAccount && r.chance(0.2) ? secondAccount : m.cardAccountId;
      if (kind < 45) {
        const eur = 100 + r.int(80_000);
        const merchant = r.pick(MERCHANTS);
        const category = r.pick(CATEGORIES);
        const foreign = r.chance(0.3) ? r.pick(CURRENCIES) : null;
        const lateDays = r.chance(0.1) ? 1 + r.int(3) : 0;
        const book = (date: string) => {
          m.spend(
            {
              date,
              card,
              amount: -eur,
              merchant,
              category,
              receipts: r.int(3),
              ...(foreign
                ? {
                    foreign: {
                      amount: Math.max(1, Math.round((eur * foreign[2] * 10 ** foreign[1]) / (foreign[3] * 100))),
                      currency: foreign[0],
                    },
                    fxFee: Math.max(1, Math.round(eur * 0.0175)),
                  }
                : {}),
              lateDays,
            },
            account,
          );
          if (foreign)
            m.spend(
              { date, card: fees, amount: -Math.max(1, Math.round(eur * 0.0175)), merchant: 'Pliant GmbH', lateDays },
              account,
            );
        };
        if (lateDays > 0) {
          const date = day;
          late.push(() => book(date));
        } else book(day);
        purchases.push({ card, amount: eur, merchant, category });
      } else if (kind < 55 && purchases.length > 0) {
        const p = r.pick(purchases);
        m.spend(
          {
            date: day,
            card: p.card,
            amount: Math.max(1, Math.floor(p.amount / (1 + r.int(3)))),
            type: 'REFUND',
            merchant: p.merchant,
            category: p.category,
          },
          account,
        );
      } else if (kind < 60 && purchases.length > 0) {
        const p = r.pick(purchases);
        m.spend(
          { date: day, card: p.card, amount: p.amount, type: 'CHARGEBACK', merchant: p.merchant, category: p.category },
          account,
        );
        if (r.chance(0.5))
          m.spend(
            {
              date: day,
              card: p.card,
              amount: -p.amount,
              type: 'RECHARGE',
              merchant: p.merchant,
              category: p.category,
            },
            account,
          );
      } else if (kind < 66) {
        m.spend(
          {
            date: day,
            card,
            amount: -(1000 * (1 + r.int(20))),
            type: 'CASH_WITHDRAWAL',
            merchant: 'ATM',
            category: 'OTHER',
          },
          account,
        );
      } else if (kind < 72) {
        m.spend({ date: day, card: fees, amount: 0, type: 'STATUS_INQUIRY', merchant: 'Pliant GmbH' }, account);
      } else if (kind < 82) {
        m.payment(day, r.pick(['BILL', 'BILL', 'TOPUP']), 10_000 + r.int(200_000), account);
      } else if (kind < 86) {
        m.payment(
          day,
          r.pick(['PAYOUT', 'DIRECT_DEBIT_REVERSAL', 'BILL_PAYMENT_REVERSAL']),
          -(1000 + r.int(50_000)),
          account,
        );
      }
    }
    if (day.endsWith('-01'))
      m.spend({ date: day, card: fees, amount: -4900, merchant: 'Pliant GmbH', category: 'OTHER' });
    due.forEach((book) => book());
  }
  late.forEach((book) => book());
  return m.rows;
}
