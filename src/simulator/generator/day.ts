// One simulated day: for every organization with activity, decide what happens
// (payments, fees, card transactions, receipt changes), spread it over the
// day in creation order, and book it.
import { CURRENCIES } from '../model/currencies.js';
import { CATEGORIES } from '../model/enums.js';
import { MERCHANTS } from '../model/merchants.js';
import type { DueBill, Organization } from '../model/records.js';
import type { World } from '../store/world.js';
import { idiv } from '../util/int.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS, weekday, ymdOfDay } from '../util/time.js';
import { bookDuePayment, planPayments } from './billing.js';
import { AGENDA, decodeAgenda, type DayContext } from './context.js';
import { advanceLeads } from './leads.js';
import {
  bookCardCheck,
  bookCashWithdrawal,
  bookChargeback,
  bookPlatformFee,
  bookPurchase,
  bookRecharge,
  bookRefund,
  type PurchaseOptions,
} from './purchases.js';
import { addLateReceipt, removeSomeReceipt, replaceSomeReceipt } from './receipts.js';
import { STREAM } from './streams.js';

type Step =
  | { k: 'payment'; bill: DueBill }
  | { k: 'platformFee' }
  | { k: 'cardCheck' }
  | { k: 'purchase'; opts: PurchaseOptions }
  | { k: 'refund' }
  | { k: 'chargeback'; force: boolean }
  | { k: 'recharge'; chargeback: number }
  | { k: 'cash'; atm?: number }
  | { k: 'lateReceipt'; tx: number }
  | { k: 'enrich'; tx: number }
  | { k: 'replaceReceipt' }
  | { k: 'removeReceipt' };

const PLAIN_PURCHASE: Step = { k: 'purchase', opts: {} };

/** A merchant charging in each foreign currency, for the day that shows them all. */
const FOREIGN_MERCHANTS: number[] = CURRENCIES.slice(1).map((c) =>
  MERCHANTS.findIndex((m) => m.currency === c.code && m.mcc !== '6011'),
);

/** Early in an organization's history, force one of each kind so small data sets cover every enum. */
function showcaseSteps(offset: number): Step[] {
  switch (offset) {
    case 1:
      return CATEGORIES.map((_, category) => ({
        k: 'purchase',
        opts: { category, receipts: category === 0 ? [0, 1, 2] : undefined },
      }));
    case 2:
      return FOREIGN_MERCHANTS.filter((m) => m >= 0).map((merchant) => ({ k: 'purchase', opts: { merchant } }));
    case 3:
      return [{ k: 'cash', atm: 0 }, { k: 'cash', atm: 1 }, { k: 'refund' }];
    case 5:
      return [{ k: 'purchase', opts: { lateDays: 3 } }];
    case 8:
      return [{ k: 'chargeback', force: true }];
    default:
      return [];
  }
}

function spendableCards(w: World, org: Organization, day: number): number[] {
  const out: number[] = [];
  for (const c of org.cards) {
    const card = w.cards[c]!;
    if (!card.platformFee && !card.used && card.spendFromDay <= day && day < card.spendUntilDay) out.push(c);
  }
  return out;
}

function planDay(ctx: DayContext): { morning: Step[]; rest: Step[] } {
  const { rng, act, day } = ctx;
  const morning: Step[] = planPayments(ctx).map((bill) => ({ k: 'payment', bill }));
  if (ymdOfDay(day).day === 1) morning.push({ k: 'platformFee' });
  const rest: Step[] = [];
  if (weekday(day) === 1 || ctx.offset === 0) rest.push({ k: 'cardCheck' });
  const items = act.agenda.get(day);
  if (items) {
    act.agenda.delete(day);
    for (const item of items) {
      const { kind, payload } = decodeAgenda(item);
      if (kind === AGENDA.lateReceipt) rest.push({ k: 'lateReceipt', tx: payload });
      else if (kind === AGENDA.enrich) rest.push({ k: 'enrich', tx: payload });
      else if (kind === AGENDA.recharge) rest.push({ k: 'recharge', chargeback: payload });
    }
  }
  rest.push(...showcaseSteps(ctx.offset));
  const rate = act.purchasesPerWeekday;
  const spread = idiv(rate, 5);
  let n = rate - spread + rng.int(2 * spread + 1);
  const wd = weekday(day);
  if (wd === 0 || wd === 6) n = idiv(n, 4);
  for (let i = 0; i < n; i++) {
    const r = rng.int(1000);
    if (r < 35) rest.push({ k: 'refund' });
    else if (r < 41) rest.push({ k: 'chargeback', force: false });
    else if (r < 61) rest.push({ k: 'cash' });
    else rest.push(PLAIN_PURCHASE);
  }
  const replacements = idiv(rate, 40) + (rng.chance(1, 2) ? 1 : 0);
  const removals = idiv(rate, 80) + (rng.chance(1, 3) ? 1 : 0);
  for (let i = 0; i < replacements; i++) rest.push({ k: 'replaceReceipt' });
  for (let i = 0; i < removals; i++) rest.push({ k: 'removeReceipt' });
  // Fisher–Yates: receipts and transactions interleave through the day
  for (let i = rest.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = rest[i]!;
    rest[i] = rest[j]!;
    rest[j] = tmp;
  }
  return { morning, rest };
}

function run(ctx: DayContext, step: Step, sec: number, ns: number): void {
  switch (step.k) {
    case 'payment':
      return bookDuePayment(ctx, step.bill, sec, ns);
    case 'platformFee':
      bookPlatformFee(ctx, sec, ns);
      return;
    case 'cardCheck':
      bookCardCheck(ctx, sec, ns);
      return;
    case 'purchase':
      bookPurchase(ctx, step.opts, sec, ns);
      return;
    case 'refund':
      bookRefund(ctx, sec, ns);
      return;
    case 'chargeback':
      bookChargeback(ctx, sec, ns, step.force);
      return;
    case 'recharge':
      bookRecharge(ctx, step.chargeback, sec, ns);
      return;
    case 'cash':
      bookCashWithdrawal(ctx, sec, ns, step.atm);
      return;
    case 'lateReceipt':
      return addLateReceipt(ctx, step.tx, sec, ns);
    case 'enrich':
      return ctx.w.enrich(step.tx, sec, ns);
    case 'replaceReceipt':
      return replaceSomeReceipt(ctx, sec, ns);
    case 'removeReceipt':
      return removeSomeReceipt(ctx, sec, ns);
  }
}

function stepOrganizationDay(w: World, org: Organization, day: number): void {
  const act = org.activity!;
  const dayStartSec = day * DAY_SECONDS;
  const ctx: DayContext = {
    w,
    org,
    act,
    rng: new Rng(w.seed, STREAM.day, org.serial, day),
    day,
    dayStartSec,
    dayEndSec: dayStartSec + DAY_SECONDS - 1,
    cards: spendableCards(w, org, day),
    offset: day - act.fromDay,
  };
  const { morning, rest } = planDay(ctx);
  // payments early in the morning, everything else from 06:00 to 22:00
  morning.forEach((step, i) => run(ctx, step, dayStartSec + 5 * 3600 + i * 60 + ctx.rng.int(50), ctx.rng.int(1e9)));
  const span = 16 * 3600;
  const gap = idiv(span, rest.length + 1);
  for (let i = 0; i < rest.length; i++) {
    const sec = dayStartSec + 6 * 3600 + (i + 1) * gap + ctx.rng.int(Math.max(1, idiv(gap, 2)));
    run(ctx, rest[i]!, sec, ctx.rng.int(1e9));
  }
}

/** Simulates one whole day (it must be the day after the last simulated one). */
export function simulateDay(w: World, day: number): void {
  for (const org of w.orgs) {
    const a = org.activity;
    if (a && day >= a.fromDay && day < a.untilDay) stepOrganizationDay(w, org, day);
  }
  advanceLeads(w, day);
}
