// Card transactions: purchases (with FX and their fees), refunds, chargebacks,
// recharges, cash withdrawals, and the platform-fee card's fees and card checks.
import {
  CURRENCIES,
  currencyIndex,
  EUR,
  fromEurCents,
  fxFeeCents,
  toEurCents,
  type Currency,
} from '../model/currencies.js';
import { CATEGORY_OTHER, TX } from '../model/enums.js';
import {
  ATM_MERCHANTS,
  CATEGORY_PRICE_RANGE,
  CATEGORY_WEIGHTS,
  MERCHANTS,
  MERCHANTS_BY_CATEGORY,
  PLIANT_MERCHANT,
} from '../model/merchants.js';
import { TF } from '../store/tables.js';
import { idiv } from '../util/int.js';
import { DAY_SECONDS } from '../util/time.js';
import { AGENDA, schedule, type DayContext } from './context.js';
import { receiptsAtBooking } from './receipts.js';

export interface PurchaseOptions {
  category?: number;
  merchant?: number;
  lateDays?: number;
  /** force these receipt mime types at booking */
  receipts?: number[];
}

function pickCard(ctx: DayContext): number {
  if (ctx.cards.length === 0) return -1;
  return ctx.cards[ctx.rng.int(ctx.cards.length)]!;
}

/** A price in EUR cents, skewed to the low end, often ending in .99 or .00. */
function eurPrice(ctx: DayContext, category: number): number {
  const [lo, hi] = CATEGORY_PRICE_RANGE[category]!;
  const r1 = ctx.rng.int(10001);
  const r2 = ctx.rng.int(10001);
  let p = lo + idiv((hi - lo) * r1 * r2, 100000000);
  const ending = ctx.rng.int(4);
  if (ending === 0 && p - (p % 100) + 99 <= hi) p = p - (p % 100) + 99;
  else if (ending === 1 && p - (p % 100) >= lo) p -= p % 100;
  return Math.max(1, p);
}

/** Round a foreign amount to what a merchant would charge in that currency. */
function priceLike(minor: number, cur: Currency): number {
  if (cur.digits === 0) return Math.max(10, minor - (minor % 10));
  if (cur.digits === 3) return Math.max(50, minor - (minor % 50));
  return Math.max(1, minor - (minor % 100) + 99);
}

function bookingDayFor(ctx: DayContext, lateDays: number | undefined): number {
  let late = lateDays ?? 0;
  // about 3 % of card transactions are booked days after they happened
  if (lateDays === undefined && ctx.rng.chance(3, 100)) late = ctx.rng.range(1, 5);
  return Math.max(ctx.act.fromDay, ctx.day - late);
}

/** Authorization: minutes to a day and a half before the booking, on or before bookingDate. */
function authFor(ctx: DayContext, bookingDay: number, bookSec: number): number {
  const latest = Math.min(bookSec, (bookingDay + 1) * DAY_SECONDS - 1);
  return latest - ctx.rng.range(300, 36 * 3600);
}

function affordable(ctx: DayContext, amount: number): boolean {
  return ctx.org.balance + ctx.org.creditLimit + amount >= 0;
}

function pickMerchant(ctx: DayContext, category: number): number {
  const list = MERCHANTS_BY_CATEGORY[category]!;
  let m = list[ctx.rng.int(list.length)]!;
  // foreign merchants are rarer than the catalogue suggests
  if (MERCHANTS[m]!.currency !== 'EUR' && ctx.rng.chance(1, 2)) m = list[ctx.rng.int(list.length)]!;
  return m;
}

function enrichLater(ctx: DayContext, tx: number, merchant: number): number {
  if (!MERCHANTS[merchant]!.known) return 0;
  if (ctx.rng.chance(3, 4)) return TF.enriched;
  schedule(ctx, ctx.day + ctx.rng.range(1, 3), AGENDA.enrich, tx);
  return 0;
}

/** The FX fee, charged on the platform-fee card right after the FX transaction. */
function bookFxFee(ctx: DayContext, parent: number, fee: number, sec: number, ns: number): void {
  const t = ctx.w.transactions;
  ctx.w.bookTransaction({
    org: ctx.org,
    card: ctx.act.feeCard,
    type: TX.PURCHASE,
    category: CATEGORY_OTHER,
    merchant: PLIANT_MERCHANT,
    currency: EUR,
    billing: -fee,
    txAmount: -fee,
    fxFee: 0,
    flags: TF.fxFeeCharge | TF.enriched,
    bookingDay: t.bookingDay[parent]!,
    authSec: t.createdSec[parent]!,
    bookSec: sec,
    bookNs: ns,
    related: parent,
  });
}

export function bookPurchase(ctx: DayContext, opts: PurchaseOptions, sec: number, ns: number): number {
  const card = pickCard(ctx);
  if (card < 0) return -1;
  const { rng, w } = ctx;
  const category =
    opts.merchant !== undefined
      ? MERCHANTS[opts.merchant]!.category
      : (opts.category ?? rng.weighted(CATEGORY_WEIGHTS));
  const merchant = opts.merchant ?? pickMerchant(ctx, category);
  const cur = currencyIndex(MERCHANTS[merchant]!.currency);
  const bookingDay = bookingDayFor(ctx, opts.lateDays);
  const price = eurPrice(ctx, category);
  let billing = -price;
  let txAmount = -price;
  let fee = 0;
  if (cur !== EUR) {
    const c = CURRENCIES[cur]!;
    const foreign = priceLike(fromEurCents(price, c, bookingDay), c);
    txAmount = -foreign;
    billing = Math.min(-1, -toEurCents(foreign, c, bookingDay));
    fee = fxFeeCents(billing);
  }
  if (!affordable(ctx, billing - fee)) return -1; // declined: never booked
  const cardRec = w.cards[card]!;
  const row = w.transactions.length;
  const flags =
    TF.receiptNeeded |
    (fee > 0 ? TF.fx : 0) |
    (cardRec.type === 'SINGLE_USE' ? TF.singleUse : 0) |
    enrichLater(ctx, row, merchant);
  const authSec = authFor(ctx, bookingDay, sec);
  const tx = w.bookTransaction({
    org: ctx.org,
    card,
    type: TX.PURCHASE,
    category,
    merchant,
    currency: cur,
    billing,
    txAmount,
    fxFee: fee,
    flags,
    bookingDay,
    authSec,
    bookSec: sec,
    bookNs: ns,
    related: -1,
  });
  if (fee > 0) bookFxFee(ctx, tx, fee, sec + rng.range(1, 90), rng.int(1e9));
  if (cardRec.type === 'SINGLE_USE') {
    cardRec.used = true;
    ctx.cards.splice(ctx.cards.indexOf(card), 1);
  }
  receiptsAtBooking(ctx, tx, authSec, 'purchase', opts.receipts);
  return tx;
}

/** A recent purchase of this organization (not a fee), or -1. */
function findPurchase(ctx: DayContext, minAgeDays: number): number {
  const list = ctx.org.transactions;
  const t = ctx.w.transactions;
  const window = Math.min(list.length, 400);
  for (let tries = 0; tries < 8 && window > 0; tries++) {
    const row = list.at(list.length - 1 - ctx.rng.int(window));
    if (
      t.type[row] === TX.PURCHASE &&
      t.merchant[row] !== PLIANT_MERCHANT &&
      t.bookingDay[row]! <= ctx.day - minAgeDays
    ) {
      return row;
    }
  }
  return -1;
}

function bookFollowUp(
  ctx: DayContext,
  type: number,
  parent: number,
  billing: number,
  txAmount: number,
  sec: number,
  ns: number,
  flags: number,
): number {
  const t = ctx.w.transactions;
  return ctx.w.bookTransaction({
    org: ctx.org,
    card: t.card[parent]!,
    type,
    category: t.category[parent]!,
    merchant: t.merchant[parent]!,
    currency: t.currency[parent]!,
    billing,
    txAmount,
    fxFee: 0,
    flags: flags | (t.flags[parent]! & TF.enriched),
    bookingDay: bookingDayFor(ctx, 0),
    authSec: sec - ctx.rng.range(600, 20 * 3600),
    bookSec: sec,
    bookNs: ns,
    related: parent,
  });
}

export function bookRefund(ctx: DayContext, sec: number, ns: number): number {
  const parent = findPurchase(ctx, 0);
  if (parent < 0) return -1;
  const t = ctx.w.transactions;
  const cur = t.currency[parent]!;
  let billing: number;
  let txAmount: number;
  if (cur === EUR) {
    const part = ctx.rng.chance(1, 2) ? 10 : ctx.rng.range(1, 9);
    billing = Math.max(1, idiv(-t.billing[parent]! * part, 10));
    txAmount = billing;
  } else {
    // a foreign refund is converted at today's rate, so it rarely matches the purchase in EUR
    txAmount = -t.txAmount[parent]!;
    billing = Math.max(1, toEurCents(txAmount, CURRENCIES[cur]!, ctx.day));
  }
  const tx = bookFollowUp(ctx, TX.REFUND, parent, billing, txAmount, sec, ns, 0);
  receiptsAtBooking(ctx, tx, sec - 600, 'refund');
  return tx;
}

export function bookChargeback(ctx: DayContext, sec: number, ns: number, forceRecharge: boolean): number {
  const parent = findPurchase(ctx, forceRecharge ? 0 : 7);
  if (parent < 0) return -1;
  const t = ctx.w.transactions;
  const tx = bookFollowUp(ctx, TX.CHARGEBACK, parent, -t.billing[parent]!, -t.txAmount[parent]!, sec, ns, 0);
  // some disputes are lost: the merchant charges again (RECHARGE)
  if (forceRecharge || ctx.rng.chance(1, 4)) schedule(ctx, ctx.day + ctx.rng.range(5, 15), AGENDA.recharge, tx);
  return tx;
}

export function bookRecharge(ctx: DayContext, chargeback: number, sec: number, ns: number): number {
  const t = ctx.w.transactions;
  return bookFollowUp(ctx, TX.RECHARGE, chargeback, -t.billing[chargeback]!, -t.txAmount[chargeback]!, sec, ns, 0);
}

/** Round amounts in the ATM's currency: [step in minor units, min steps, max steps]. */
const ATM_STEPS: Record<string, [number, number, number]> = {
  EUR: [1000, 5, 50],
  GBP: [1000, 2, 30],
  CHF: [1000, 5, 40],
  JPY: [1000, 10, 50],
};

export function bookCashWithdrawal(ctx: DayContext, sec: number, ns: number, atmIndex?: number): number {
  const card = pickCard(ctx);
  if (card < 0) return -1;
  const { rng, w } = ctx;
  const atm = ATM_MERCHANTS[atmIndex ?? (rng.chance(3, 4) ? 0 : rng.range(1, ATM_MERCHANTS.length - 1))]!;
  const cur = currencyIndex(MERCHANTS[atm]!.currency);
  const [step, lo, hi] = ATM_STEPS[CURRENCIES[cur]!.code] ?? [1000, 5, 50];
  const foreign = rng.range(lo, hi) * step;
  const billing = cur === EUR ? -foreign : Math.min(-1, -toEurCents(foreign, CURRENCIES[cur]!, ctx.day));
  const fee = cur === EUR ? 0 : fxFeeCents(billing);
  if (!affordable(ctx, billing - fee)) return -1;
  const tx = w.bookTransaction({
    org: ctx.org,
    card,
    type: TX.CASH_WITHDRAWAL,
    category: CATEGORY_OTHER,
    merchant: atm,
    currency: cur,
    billing,
    txAmount: -foreign,
    fxFee: fee,
    flags: fee > 0 ? TF.fx : 0,
    bookingDay: bookingDayFor(ctx, undefined),
    authSec: sec - rng.range(600, 20 * 3600),
    bookSec: sec,
    bookNs: ns,
    related: -1,
  });
  if (fee > 0) bookFxFee(ctx, tx, fee, sec + rng.range(1, 90), rng.int(1e9));
  return tx;
}

function bookOnFeeCard(ctx: DayContext, type: number, amount: number, sec: number, ns: number): number {
  return ctx.w.bookTransaction({
    org: ctx.org,
    card: ctx.act.feeCard,
    type,
    category: CATEGORY_OTHER,
    merchant: PLIANT_MERCHANT,
    currency: EUR,
    billing: amount,
    txAmount: amount,
    fxFee: 0,
    flags: TF.enriched,
    bookingDay: ctx.day,
    authSec: sec - ctx.rng.range(60, 3600),
    bookSec: sec,
    bookNs: ns,
    related: -1,
  });
}

export function bookPlatformFee(ctx: DayContext, sec: number, ns: number): number {
  return bookOnFeeCard(ctx, TX.PURCHASE, -ctx.act.monthlyFee, sec, ns);
}

/** Card check: a zero-amount STATUS_INQUIRY on the fee card. Noise, but booked. */
export function bookCardCheck(ctx: DayContext, sec: number, ns: number): number {
  return bookOnFeeCard(ctx, TX.STATUS_INQUIRY, 0, sec, ns);
}
