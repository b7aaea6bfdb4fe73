/**
 * The timestamp cursor that account entries (`createdAt`) and transactions (`updatedAt`) keep:
 * the latest instant committed, compared as instants whatever the fraction digits.
 */
import { instant, laterTimestamp } from './mapping.js';

export type TimestampCursor<K extends string> = { readonly [key in K]: string };

export function timestampCursor<R, K extends string>(key: K, of: (record: R) => unknown) {
  return {
    /** The instant the cursor holds (undefined on a first run). */
    read: (cursor: TimestampCursor<K> | null): string | undefined => cursor?.[key],
    /** The cursor after `records`: never behind `cursor`. */
    after(cursor: TimestampCursor<K> | null, records: readonly R[]): TimestampCursor<K> | null {
      let latest = cursor?.[key] ?? null;
      for (const r of records) latest = laterTimestamp(latest, instant(of(r)));
      return latest ? ({ [key]: latest } as TimestampCursor<K>) : cursor;
    },
  };
}
