import { z } from 'zod';

/** `YYYY-MM-DD`, a real calendar day. */
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** ISO 8601 with 0 to 9 fractional digits and `Z` or a `±hh:mm` offset. */
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):?(\d{2}))$/;

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one.
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isIsoDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  return m !== null && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Accepts `2025-05-21T12:34:56Z`, `…56.1Z`, `…56.123456789Z` and offsets such as
 * `+00:00`. Checked by hand because `Date` only keeps milliseconds and we must not
 * reject nanosecond timestamps.
 */
export function isIsoTimestamp(text: string): boolean {
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return false;
  const [, y, mo, d, h, mi, s, oh, om] = m;
  if (!isCalendarDay(Number(y), Number(mo), Number(d))) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  if (oh !== undefined && (Number(oh) > 23 || Number(om) > 59)) return false;
  return true;
}

export const isoDate = z.string().refine(isIsoDate, { message: 'must be a date YYYY-MM-DD' });
export const isoTimestamp = z
  .string()
  .refine(isIsoTimestamp, { message: 'must be an ISO 8601 timestamp such as 2025-05-21T12:34:56.123Z' });

/**
 * Money as Pliant sends it: an integer in the currency's minor units (EUR cents,
 * JPY units, BHD fils). A fraction or an unsafe integer is a contract error: we
 * never round money.
 */
export const moneySchema = z.looseObject({
  value: z.number().refine(Number.isSafeInteger, {
    message: 'must be a whole number of minor units within ±(2^53−1); money is never rounded',
  }),
  currency: z.string().regex(/^[A-Za-z]{3}$/, { message: 'must be a 3-letter currency code' }),
});
export type Money = z.infer<typeof moneySchema>;

/** Minor units as bigint, for `bigint` columns. Throws on a value schemas would reject. */
export function toMinorUnits(money: { value: number }): bigint {
  if (!Number.isSafeInteger(money.value)) {
    throw new RangeError(`Money value ${money.value} is not a whole number of minor units`);
  }
  return BigInt(money.value);
}
