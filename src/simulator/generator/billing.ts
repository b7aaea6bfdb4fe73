// Money moving between the organization's bank and its card account: bills for
// credit and hybrid organizations, top-ups for prefunded and hybrid ones, and
// once each the rarer kinds (reversals, payout, other) so every type exists.
import type { PaymentMethod } from '../model/enums.js';
import type { DueBill, Organization } from '../model/records.js';
import { idiv } from '../util/int.js';
import { weekday, ymdOfDay } from '../util/time.js';
import type { DayContext } from './context.js';

function roundUp(value: number, step: number): number {
  return idiv(value + step - 1, step) * step;
}

/** Billing period boundary on `day`: days until the bill is collected, or 0. */
function boundaryLag(org: Organization, day: number): number {
  switch (org.paymentFrequency) {
    case 'MONTHLY':
      return ymdOfDay(day).day === 1 ? 4 : 0;
    case 'WEEKLY':
      return weekday(day) === 1 ? 3 : 0;
    case 'BI_WEEKLY':
      return weekday(day) === 1 && Math.floor(day / 7) % 2 === 0 ? 3 : 0;
    case 'DAILY':
      return 2;
    default:
      return 0;
  }
}

function methodOf(org: Organization): PaymentMethod {
  return org.kind === 'credit' && org.serial % 2 === 0 ? 'DIRECT_DEBIT_B2B' : 'DIRECT_DEBIT_CORE';
}

/** Banks do not collect at weekends: Saturday and Sunday move to Monday. */
function bankDay(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day + 2 : wd === 0 ? day + 1 : day;
}

function due(ctx: DayContext, inDays: number, bill: Omit<DueBill, 'day' | 'plannedDay'>): void {
  const planned = ctx.day + inDays;
  ctx.act.dueBills.push({ ...bill, plannedDay: planned, day: bankDay(planned) });
}

/** The payments to book today, in the order they happen. */
export function planPayments(ctx: DayContext): DueBill[] {
  const { org, act, day, rng } = ctx;
  const today: DueBill[] = [];
  const dom = ymdOfDay(day).day;
  if (org.kind !== 'prefunded' && day > act.fromDay) {
    const lag = boundaryLag(org, day);
    // balance at the end of yesterday, minus what is already billed
    const owed = -org.balance - act.outstanding;
    if (lag > 0 && owed > 0) {
      due(ctx, lag, { type: 'BILL', method: methodOf(org), amount: owed, outstanding: true });
      act.outstanding += owed;
    }
  }
  const now = (b: Omit<DueBill, 'day' | 'plannedDay'>): void => {
    today.push({ ...b, day, plannedDay: day });
  };
  if (org.kind === 'prefunded' && org.balance < 12 * act.expectedDailySpend) {
    now({
      type: 'TOPUP',
      method: 'WIRE_TRANSFER',
      amount: roundUp(30 * act.expectedDailySpend - org.balance, 100000),
      outstanding: false,
    });
  }
  if (org.kind === 'hybrid' && (ctx.offset === 0 || dom === 15)) {
    now({
      type: 'TOPUP',
      method: 'WIRE_TRANSFER',
      amount: roundUp(10 * act.expectedDailySpend, 100000),
      outstanding: false,
    });
  }
  if (org.kind === 'prefunded' && dom === 20 && ctx.offset >= 10 && org.balance > 0 && !act.showcased.has('PAYOUT')) {
    act.showcased.add('PAYOUT');
    now({ type: 'PAYOUT', method: 'WIRE_TRANSFER', amount: -Math.max(1, idiv(org.balance, 5)), outstanding: false });
  }
  if (org.kind === 'hybrid' && dom === 15 && ctx.offset >= 3 && !act.showcased.has('OTHER')) {
    act.showcased.add('OTHER');
    now({ type: 'OTHER', method: 'WIRE_TRANSFER', amount: rng.range(500, 5000), outstanding: false });
  }
  const keep: DueBill[] = [];
  for (const b of act.dueBills) (b.day === day ? today : keep).push(b);
  act.dueBills = keep;
  return today;
}

export function bookDuePayment(ctx: DayContext, bill: DueBill, sec: number, ns: number): void {
  const { org, act, w } = ctx;
  w.bookPayment({
    org,
    type: bill.type,
    method: bill.method,
    amount: bill.amount,
    plannedDay: bill.plannedDay,
    actualDay: ctx.day,
    sec,
    ns,
  });
  if (bill.outstanding) act.outstanding -= bill.amount;
  if (
    bill.type === 'BILL' &&
    bill.method.startsWith('DIRECT_DEBIT') &&
    org.kind === 'credit' &&
    !act.showcased.has('DIRECT_DEBIT_REVERSAL')
  ) {
    // the bank returns the first direct debit ...
    act.showcased.add('DIRECT_DEBIT_REVERSAL');
    due(ctx, 3, { type: 'DIRECT_DEBIT_REVERSAL', method: bill.method, amount: -bill.amount, outstanding: false });
  } else if (bill.type === 'DIRECT_DEBIT_REVERSAL') {
    // ... and the organization pays by wire instead
    act.outstanding += -bill.amount;
    due(ctx, 4, { type: 'BILL', method: 'WIRE_TRANSFER', amount: -bill.amount, outstanding: true });
  } else if (bill.type === 'BILL' && org.kind === 'hybrid' && !act.showcased.has('BILL_PAYMENT_REVERSAL')) {
    // part of the first bill is reversed; the next bill collects it again
    act.showcased.add('BILL_PAYMENT_REVERSAL');
    due(ctx, 2, {
      type: 'BILL_PAYMENT_REVERSAL',
      method: bill.method,
      amount: -Math.min(bill.amount, 5000),
      outstanding: false,
    });
  }
}
