// Calendar arithmetic on integer day numbers (days since 1970-01-01 UTC) and
// instants as (seconds, nanoseconds), because 9 fractional digits do not fit
// a double next to epoch seconds.
import { hash2 } from './prng.js';

export const DAY_SECONDS = 86400;

export interface Ymd {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

// Howard Hinnant's civil_from_days / days_from_civil, integer only.
export function ymdOfDay(z: number): Ymd {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function dayOfYmd(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysInMonth(year: number, month: number): number {
  return dayOfYmd(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayOfYmd(year, month, 1);
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const dateCache = new Map<number, string>();

export function formatDate(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    const { year, month, day: d } = ymdOfDay(day);
    s = `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${d < 10 ? '0' : ''}${d}`;
    if (dateCache.size < 100000) dateCache.set(day, s);
  }
  return s;
}

/** Day number of a strict YYYY-MM-DD, or null. */
export function parseDate(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return dayOfYmd(year, month, day);
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const FRACTION_DIGITS = [0, 3, 6, 9] as const;

/** How many fractional digits the timestamp in (row, column) is written with: 0, 3, 6 or 9. */
export function digitsFor(row: number, column: number): number {
  return FRACTION_DIGITS[hash2(row, column) & 3] as number;
}

const STEP = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** Drop what `digits` fractional digits cannot show. */
export function truncNs(ns: number, digits: number): number {
  const step = STEP[digits] as number;
  return ns - (ns % step);
}

export function formatInstant(sec: number, ns: number, digits: number): string {
  const day = Math.floor(sec / DAY_SECONDS);
  let rem = sec - day * DAY_SECONDS;
  const h = Math.floor(rem / 3600);
  rem -= h * 3600;
  const mi = Math.floor(rem / 60);
  const s = rem - mi * 60;
  let frac = '';
  if (digits > 0) frac = '.' + String(ns).padStart(9, '0').slice(0, digits);
  return `${formatDate(day)}T${two(h)}:${two(mi)}:${two(s)}${frac}Z`;
}

/** Compare two (sec, ns) instants. */
export function cmpInstant(as: number, ans: number, bs: number, bns: number): number {
  return as !== bs ? as - bs : ans - bns;
}
