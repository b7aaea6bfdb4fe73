// Integer helpers: money never passes through fractional numbers.

/** floor(a / b) for integers with |a| < 2^53, b > 0, corrected so it is exact. */
export function idiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

/** a / b rounded half away from zero (b > 0). */
export function idivRound(a: number, b: number): number {
  if (a < 0) return -idiv(-a * 2 + b, 2 * b);
  return idiv(a * 2 + b, 2 * b);
}

export function pow10(n: number): number {
  let r = 1;
  for (let i = 0; i < n; i++) r *= 10;
  return r;
}
