/** Small helpers the stream modules share to turn API values into mirror columns. */
import { isIsoDate, isIsoTimestamp, type Money } from '../pliant/formats.js';

/** Minor units as decimal text (exact in JSON, read as bigint by PostgreSQL). */
export const minor = (money: Money | null | undefined): string | null =>
  money ? BigInt(money.value).toString() : null;
export const currencyOf = (money: Money | null | undefined): string | null =>
  money ? money.currency.toUpperCase() : null;
export const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const bool = (value: boolean | null | undefined): boolean | null => (typeof value === 'boolean' ? value : null);

/** `YYYY-MM-DD` of the UTC day `days` before the date or timestamp given. */
export function daysBefore(value: string, days: number): string {
  const date = new Date(Date.UTC(Number(value.slice(0, 4)), Number(value.slice(5, 7)) - 1, Number(value.slice(8, 10))));
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

/** The later of two ISO timestamps, compared as instants (fraction digits vary: 0 to 9). */
export function laterTimestamp(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return compareTimestamps(a, b) >= 0 ? a : b;
}

/** Orders ISO 8601 UTC timestamps with any number of fraction digits, to the nanosecond. */
export function compareTimestamps(a: string, b: string): number {
  const key = (t: string): [number, string] => {
    const ms = Date.parse(t);
    const fraction = /\.(\d+)/.exec(t)?.[1] ?? '';
    return [Math.floor(ms / 1000), fraction.padEnd(9, '0').slice(0, 9)];
  };
  const [sa, fa] = key(a);
  const [sb, fb] = key(b);
  return sa !== sb ? sa - sb : fa < fb ? -1 : fa > fb ? 1 : 0;
}

/**
 * A timestamp column's value: only text PostgreSQL reads as the same instant; anything else
 * (an unexpected format the schemas do not check) becomes null and stays readable in `raw`.
 */
export const instant = (value: unknown): string | null =>
  typeof value === 'string' && (isIsoTimestamp(value) || isIsoDate(value)) ? value : null;
/** A date column's value, from a date or a timestamp (its UTC day). */
export const dateOf = (value: unknown): string | null =>
  typeof value === 'string' && isIsoDate(value.slice(0, 10)) && (value.length === 10 || isIsoTimestamp(value))
    ? value.slice(0, 10)
    : null;
