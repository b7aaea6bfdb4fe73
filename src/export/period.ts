/**
 * Export periods. Booking dates are plain dates (the accounting date), so periods are compared
 * as `YYYY-MM-DD` strings and cut at calendar months and fiscal-year starts; no time zone
 * moves a booking into another day.
 */
import { UsageError } from '../errors.js';
import type { Period } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

/** --from/--to as given on the command line; a UsageError names the bad option. */
export function parsePeriod(from: string, to: string): Period {
  for (const [option, value] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!isIsoDate(value))
      throw new UsageError(`${option} "${value}" is not a date: use YYYY-MM-DD, for example ${option} 2026-11-01`);
  }
  if (to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
  return { from, to };
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** First day of the month after `date`'s month. */
function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Fiscal year start as month and day (DATEV WJ-Beginn), e.g. {month: 7, day: 1}. */
export interface FiscalYearStart {
  month: number;
  day: number;
}

/** The first day of the fiscal year that contains `date`. */
export function fiscalYearBegin(date: string, start: FiscalYearStart): string {
  const year = Number(date.slice(0, 4));
  const mmdd = `${String(start.month).padStart(2, '0')}-${String(start.day).padStart(2, '0')}`;
  return date.slice(5) >= mmdd ? `${year}-${mmdd}` : `${year - 1}-${mmdd}`;
}

/**
 * The period cut into calendar months, and also at the fiscal-year start when it is not the
 * first of a month, so no piece crosses a calendar or fiscal year (DATEV takes the year of
 * Belegdatum from the header).
 */
export function monthlyPieces(period: Period, fiscalStart: FiscalYearStart = { month: 1, day: 1 }): Period[] {
  const pieces: Period[] = [];
  let from = period.from;
  while (from <= period.to) {
    let end = addDays(nextMonthStart(from), -1);
    const fyBegin = fiscalYearBegin(from, fiscalStart);
    const nextFy = `${Number(fyBegin.slice(0, 4)) + 1}${fyBegin.slice(4)}`;
    if (addDays(nextFy, -1) < end) end = addDays(nextFy, -1);
    if (end > period.to) end = period.to;
    pieces.push({ from, to: end });
    from = addDays(end, 1);
  }
  return pieces;
}

/** `YYYYMMDDHHMMSSFFF` of an instant in a time zone (DATEV "Erzeugt am"). */
export function localStamp(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00';
  const ms = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${get('year')}${get('month')}${get('day')}${get('hour')}${get('minute')}${get('second')}${ms}`;
}
