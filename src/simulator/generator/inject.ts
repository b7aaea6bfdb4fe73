// Bookings on demand, at the clock's current instant: "rows inserted while a
// client is paging". Each is a EUR purchase (exactly one entry) whose booking
// date lies 0–3 days back, so it also lands in the middle of bookingDate order.
import { MERCHANTS } from '../model/merchants.js';
import type { Organization } from '../model/records.js';
import type { World } from '../store/world.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS } from '../util/time.js';
import type { DayContext } from './context.js';
import { bookPurchase } from './purchases.js';
import { STREAM } from './streams.js';

const EUR_MERCHANTS = MERCHANTS.map((m, i) =>
  m.currency === 'EUR' && m.mcc !== '6011' && m.displayName !== 'Pliant GmbH' ? i : -1,
).filter((i) => i >= 0);

/** per world, so two simulators in one process do not share a counter */
const injections = new WeakMap<World, number>();

/** Books up to `count` entries into `org`; returns the new entry rows. */
export function injectEntries(w: World, org: Organization, count: number): number[] {
  const act = org.activity;
  if (!act) return [];
  const day = w.today;
  const n = (injections.get(w) ?? 0) + 1;
  injections.set(w, n);
  const ctx: DayContext = {
    w,
    org,
    act,
    rng: new Rng(w.seed, STREAM.injected, org.serial, n),
    day,
    dayStartSec: day * DAY_SECONDS,
    dayEndSec: w.nowSec,
    cards: org.cards.filter((c) => {
      const card = w.cards[c]!;
      return !card.platformFee && card.type !== 'SINGLE_USE' && card.spendFromDay <= day && day < card.spendUntilDay;
    }),
    offset: day - act.fromDay,
  };
  const rows: number[] = [];
  for (let i = 0; i < count * 3 && rows.length < count; i++) {
    const merchant = EUR_MERCHANTS[ctx.rng.int(EUR_MERCHANTS.length)]!;
    const tx = bookPurchase(ctx, { merchant, lateDays: ctx.rng.int(4) }, w.nowSec, ctx.rng.int(1e9));
    if (tx >= 0) rows.push(w.transactions.entry[tx]!);
  }
  return rows;
}
