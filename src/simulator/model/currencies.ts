// Currencies the simulated merchants charge in. Rates are integer fractions
// (units of the currency per EUR = num / den) so conversions stay integer.
import { idivRound, pow10 } from '../util/int.js';
import { hash2 } from '../util/prng.js';

export interface Currency {
  code: string;
  /** minor-unit digits: EUR 2, JPY 0, BHD 3 */
  digits: number;
  rateNum: number;
  rateDen: number;
}

export const CURRENCIES: readonly Currency[] = [
  { code: 'EUR', digits: 2, rateNum: 1, rateDen: 1 },
  { code: 'USD', digits: 2, rateNum: 108, rateDen: 100 },
  { code: 'GBP', digits: 2, rateNum: 85, rateDen: 100 },
  { code: 'CHF', digits: 2, rateNum: 94, rateDen: 100 },
  { code: 'JPY', digits: 0, rateNum: 163, rateDen: 1 },
  { code: 'SEK', digits: 2, rateNum: 1150, rateDen: 100 },
  { code: 'PLN', digits: 2, rateNum: 430, rateDen: 100 },
  { code: 'BHD', digits: 3, rateNum: 407, rateDen: 1000 },
];

export const EUR = 0;

export function currencyIndex(code: string): number {
  const i = CURRENCIES.findIndex((c) => c.code === code);
  if (i < 0) throw new Error(`unknown currency ${code}`);
  return i;
}

/** The day's rate wobbles by up to ±1 % around the base, deterministically per day. */
function dayRate(cur: Currency, day: number): { num: number; den: number } {
  const wobble = 1000 + ((hash2(day, cur.rateNum) % 21) - 10);
  return { num: cur.rateNum * wobble, den: cur.rateDen * 1000 };
}

/** EUR cents → minor units of `cur` on `day`. */
export function fromEurCents(eurCents: number, cur: Currency, day: number): number {
  if (cur.digits === 2 && cur.rateNum === cur.rateDen) return eurCents;
  const { num, den } = dayRate(cur, day);
  return idivRound(eurCents * num * pow10(cur.digits), den * 100);
}

/** minor units of `cur` → EUR cents on `day` (what lands on the card account). */
export function toEurCents(minor: number, cur: Currency, day: number): number {
  if (cur.digits === 2 && cur.rateNum === cur.rateDen) return minor;
  const { num, den } = dayRate(cur, day);
  return idivRound(minor * den * 100, num * pow10(cur.digits));
}

/** Pliant's FX fee as this simulator charges it: 1.75 % of the EUR amount, at least one cent. */
export function fxFeeCents(billingCents: number): number {
  const fee = idivRound(Math.abs(billingCents) * 175, 10000);
  return fee < 1 ? 1 : fee;
}
