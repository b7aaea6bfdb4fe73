// Receipts: most purchases get one when they happen, some days later, some
// never; a few get several; now and then one is replaced or removed.
import { AGENDA, schedule, type DayContext } from './context.js';

/** RECEIPT_MIME_TYPES order: PDF, PNG, JPG */
const MIME_WEIGHTS = [50, 15, 35];

function pickMime(ctx: DayContext): number {
  return ctx.rng.weighted(MIME_WEIGHTS);
}

export function receiptsAtBooking(
  ctx: DayContext,
  tx: number,
  authSec: number,
  kind: 'purchase' | 'refund',
  forced?: number[],
): void {
  const { rng, w } = ctx;
  let mimes: number[] = [];
  if (forced) mimes = forced;
  else if (kind === 'refund') {
    if (rng.chance(1, 5)) mimes = [pickMime(ctx)]; // a credit note
  } else {
    const r = rng.int(100);
    if (r < 72) {
      mimes = [pickMime(ctx)];
      if (rng.chance(6, 100)) mimes.push(pickMime(ctx));
      if (rng.chance(1, 100)) mimes.push(pickMime(ctx));
    } else if (r < 84) {
      schedule(ctx, ctx.day + rng.range(1, 20), AGENDA.lateReceipt, tx);
    }
  }
  let t = Math.max(ctx.dayStartSec, authSec) + rng.range(60, 4 * 3600);
  for (const mime of mimes) {
    w.addReceipt(tx, Math.min(t, ctx.dayEndSec), rng.int(1e9), mime);
    t += rng.range(30, 3600);
  }
}

export function addLateReceipt(ctx: DayContext, tx: number, sec: number, ns: number): void {
  ctx.w.addReceipt(tx, sec, ns, pickMime(ctx));
}

/** A live receipt of one of the organization's recent transactions, or -1. */
function pickReceipt(ctx: DayContext): number {
  const list = ctx.org.transactions;
  const t = ctx.w.transactions;
  const window = Math.min(list.length, 3000);
  for (let tries = 0; tries < 8 && window > 0; tries++) {
    const tx = list.at(list.length - 1 - ctx.rng.int(window));
    if (t.receiptCount[tx]! > 0) {
      const live = ctx.w.receiptsOf(tx);
      return live[ctx.rng.int(live.length)]!;
    }
  }
  return -1;
}

export function replaceSomeReceipt(ctx: DayContext, sec: number, ns: number): void {
  const r = pickReceipt(ctx);
  if (r >= 0) ctx.w.replaceReceipt(r, sec, ns, pickMime(ctx));
}

export function removeSomeReceipt(ctx: DayContext, sec: number, ns: number): void {
  const r = pickReceipt(ctx);
  if (r >= 0) ctx.w.deleteReceipt(r, sec, ns);
}
