/**
 * The timestamp cursor of account entries (`createdAt`) and transactions (`updatedAt`): where it
 * reads from, and where it stands after a page, as tables. It holds the latest instant seen,
 * compared as instants whatever the fraction digits or zone, and never moves back.
 */
import { describe, expect, it } from '@jest/globals';

import { accountEntriesStream } from '../../src/streams/account-entries.js';
import { timestampCursor, type TimestampCursor } from '../../src/streams/cursor.js';
import { transactionsStream } from '../../src/streams/transactions.js';

interface Entry {
  id: string;
  createdAt?: unknown;
}
type Cursor = TimestampCursor<'createdAt'>;

const cursor = timestampCursor('createdAt', (e: Entry) => e.createdAt);
const at = (...values: unknown[]): Entry[] => values.map((createdAt, i) => ({ id: `e${i}`, createdAt }));
const c = (createdAt: string): Cursor => ({ createdAt });

describe('read', () => {
  it.each<[Cursor | null, string | undefined]>([
    [null, undefined],
    [c('2025-05-21T12:34:56Z'), '2025-05-21T12:34:56Z'],
    [c('2025-05-21T12:34:56.123456789Z'), '2025-05-21T12:34:56.123456789Z'],
  ])('%p → %p', (value, expected) => {
    expect(cursor.read(value)).toBe(expected);
  });
});

describe('after', () => {
  it.each<[string, Cursor | null, Entry[], Cursor | null]>([
    ['no cursor, no records', null, [], null],
    ['no cursor, one record', null, at('2025-05-21T12:34:56Z'), c('2025-05-21T12:34:56Z')],
    [
      'no cursor: the latest of the page',
      null,
      at('2025-05-20T00:00:00Z', '2025-05-22T08:00:00.5Z', '2025-05-21T23:59:59Z'),
      c('2025-05-22T08:00:00.5Z'),
    ],
    ['a cursor and an empty page: unchanged', c('2025-05-21T12:34:56Z'), [], c('2025-05-21T12:34:56Z')],
    [
      'moves forward to a later record',
      c('2025-05-21T12:34:56Z'),
      at('2025-05-21T12:34:57Z'),
      c('2025-05-21T12:34:57Z'),
    ],
    [
      'never moves back',
      c('2025-05-21T12:34:56Z'),
      at('2025-05-01T00:00:00Z', '2025-05-21T12:34:55.999999999Z'),
      c('2025-05-21T12:34:56Z'),
    ],
    // A record one nanosecond later moves it; Date alone would see the same millisecond.
    [
      'by a nanosecond',
      c('2025-05-21T12:34:56.123456788Z'),
      at('2025-05-21T12:34:56.123456789Z'),
      c('2025-05-21T12:34:56.123456789Z'),
    ],
    [
      'not by an earlier nanosecond',
      c('2025-05-21T12:34:56.123456789Z'),
      at('2025-05-21T12:34:56.123456788Z'),
      c('2025-05-21T12:34:56.123456789Z'),
    ],
    // Text order would keep '…56Z' ('Z' sorts after '.').
    ['by instant, not by text', c('2025-05-21T12:34:56Z'), at('2025-05-21T12:34:56.5Z'), c('2025-05-21T12:34:56.5Z')],
    [
      'mixed fraction digits',
      null,
      at('2025-05-21T12:34:56.9Z', '2025-05-21T12:34:56.10Z', '2025-05-21T12:34:56.123456789Z'),
      c('2025-05-21T12:34:56.9Z'),
    ],
    // 13:00+02:00 is 11:00Z.
    [
      'zones compared as instants',
      c('2025-05-21T12:00:00Z'),
      at('2025-05-21T13:00:00+02:00'),
      c('2025-05-21T12:00:00Z'),
    ],
    [
      'a later instant in another zone',
      c('2025-05-21T12:00:00Z'),
      at('2025-05-21T10:30:00-02:00'),
      c('2025-05-21T10:30:00-02:00'),
    ],
    // The same instant spelt differently: the cursor keeps its own spelling.
    [
      'the same instant',
      c('2025-05-21T12:34:56Z'),
      at('2025-05-21T12:34:56.000Z', '2025-05-21T14:34:56+02:00'),
      c('2025-05-21T12:34:56Z'),
    ],
    // What is not an instant is ignored (it stays readable in `raw`).
    ['records without the field', c('2025-05-21T12:34:56Z'), at(undefined, null), c('2025-05-21T12:34:56Z')],
    [
      'garbage',
      c('2025-05-21T12:34:56Z'),
      at('2099-01-01 00:00:00', '31.12.2099', 'tomorrow', 4_102_444_800_000, ''),
      c('2025-05-21T12:34:56Z'),
    ],
    ['only garbage and no cursor', null, at('2099-13-01T00:00:00Z', undefined, 'later'), null],
    [
      'garbage beside a valid record',
      null,
      at('2099-02-30T00:00:00Z', '2025-05-21T12:34:56Z', '9999'),
      c('2025-05-21T12:34:56Z'),
    ],
    // A plain date is midnight UTC.
    ['a date', c('2025-05-20T23:59:59.999999999Z'), at('2025-05-21'), c('2025-05-21')],
  ])('%s', (_label, before, records, expected) => {
    expect(cursor.after(before, records)).toEqual(expected);
  });

  it('does not depend on the order of the records', () => {
    const records = at(
      '2025-05-21T12:34:56.5Z',
      '2025-05-21T14:34:56.6+02:00',
      '2025-05-21T12:34:56Z',
      '2025-05-21T12:34:56.123456789Z',
    );
    const expected = c('2025-05-21T14:34:56.6+02:00');
    expect(cursor.after(null, records)).toEqual(expected);
    expect(cursor.after(null, [...records].reverse())).toEqual(expected);
  });

  it('after two pages is where it is after both at once', () => {
    const page1 = at('2025-05-21T12:00:00Z', '2025-05-21T12:30:00.25Z');
    const page2 = at('2025-05-21T12:30:00.2Z', '2025-05-21T12:45:00Z');
    expect(cursor.after(cursor.after(null, page1), page2)).toEqual(cursor.after(null, [...page1, ...page2]));
    expect(cursor.after(cursor.after(null, page2), page1)).toEqual(c('2025-05-21T12:45:00Z'));
  });

  it('leaves the given cursor and records as they were', () => {
    const before = Object.freeze(c('2025-05-21T12:00:00Z'));
    const records = Object.freeze(at('2025-05-21T13:00:00Z'));
    expect(cursor.after(before, records)).toEqual(c('2025-05-21T13:00:00Z'));
    expect(before).toEqual(c('2025-05-21T12:00:00Z'));
    expect(records).toEqual(at('2025-05-21T13:00:00Z'));
  });

  it('holds its own key only', () => {
    const updated = timestampCursor('updatedAt', (r: { updatedAt: string; createdAt: string }) => r.updatedAt);
    const next = updated.after(null, [{ updatedAt: '2025-05-22T00:00:00Z', createdAt: '2025-05-01T00:00:00Z' }]);
    expect(next).toEqual({ updatedAt: '2025-05-22T00:00:00Z' });
    expect(updated.read(next)).toBe('2025-05-22T00:00:00Z');
  });
});

describe('the streams that keep one', () => {
  // The records are cast: only the cursor's field matters here.
  it.each<[string, string, (records: object[]) => unknown]>([
    ['account-entries', 'createdAt', (r) => accountEntriesStream.cursorAfter?.(null, r as never)],
    ['transactions', 'updatedAt', (r) => transactionsStream.cursorAfter?.(null, r as never)],
  ])('%s keeps the latest %s', (_name, key, after) => {
    const records = [
      { createdAt: '2025-05-21T12:00:00Z', updatedAt: '2025-05-21T12:00:00.5Z' },
      { createdAt: '2025-05-21T12:00:00.000000001Z', updatedAt: '2025-05-21T12:00:00Z' },
    ];
    const latest = key === 'createdAt' ? records[1]!.createdAt : records[0]!.updatedAt;
    expect(after(records)).toEqual({ [key]: latest });
  });
});
