/**
 * Money formatting with integer arithmetic only: amounts are bigint minor units, and a
 * float never touches them (0.1 + 0.2 would already be wrong).
 */
import type { Money } from './types.js';

/** ISO 4217 currencies whose minor unit is not 1/100. Everything else has two digits. */
const MINOR_DIGITS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency.toUpperCase()] ?? 2;
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** `amount` minor units as a decimal: 12345 → "123.45" (2 digits), "12345" (0), "12.345" (3). */
export function formatMinor(amount: bigint, digits: number, decimalMark = '.'): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const scale = pow10(digits);
  const whole = (abs / scale).toString();
  const fraction = digits > 0 ? decimalMark + (abs % scale).toString().padStart(digits, '0') : '';
  return (negative ? '-' : '') + whole + fraction;
}

/** Formatted in the currency's own minor digits. */
export function formatMoney(amount: bigint, currency: string, decimalMark = '.'): string {
  return formatMinor(amount, minorDigits(currency), decimalMark);
}

/**
 * `amount` (in `fromDigits` minor digits) rewritten with exactly `toDigits` digits, or null
 * when that would lose a digit (BHD 1.234 has no exact 2-digit form).
 */
export function rescale(amount: bigint, fromDigits: number, toDigits: number): bigint | null {
  if (toDigits >= fromDigits) return amount * pow10(toDigits - fromDigits);
  const factor = pow10(fromDigits - toDigits);
  return amount % factor === 0n ? amount / factor : null;
}

/**
 * Units of `foreign` per one unit of `base`, rounded half up to `decimals` digits, as a
 * scaled integer (rate × 10^decimals). Both amounts positive, in their own minor units.
 */
export function rateOf(foreign: Money, base: Money, decimals = 6): bigint {
  // foreign/10^fd ÷ base/10^bd = foreign·10^bd / (base·10^fd)
  const num = foreign.amount * pow10(minorDigits(base.currency)) * pow10(decimals);
  const den = base.amount * pow10(minorDigits(foreign.currency));
  if (den === 0n) throw new Error('rateOf: base amount is zero');
  return (2n * num + den) / (2n * den);
}

export const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** Sums per currency, keys sorted, as decimal strings: {"EUR": "123.45"}. */
export function formatSums(sums: Map<string, bigint>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const currency of [...sums.keys()].sort()) out[currency] = formatMoney(sums.get(currency)!, currency);
  return out;
}

export function addTo(sums: Map<string, bigint>, currency: string, amount: bigint): void {
  sums.set(currency, (sums.get(currency) ?? 0n) + amount);
}
