/**
 * The helpers that turn API values into mirror columns, as tables: minor units and currencies
 * from every money shape the schemas accept, timestamps with 0 to 9 fraction digits and offsets
 * (and what is refused), instants ordered to the nanosecond, UTC days, text and flags.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';

import { packageRoot } from '../../src/paths.js';
import { moneySchema, type Money } from '../../src/pliant/formats.js';
import {
  bool,
  compareTimestamps,
  currencyOf,
  dateOf,
  daysBefore,
  instant,
  laterTimestamp,
  minor,
  text,
} from '../../src/streams/mapping.js';

const FRACTION = '123456789';
/** `2025-05-21T12:34:56` with `digits` fraction digits and `zone`. */
const stamp = (digits: number, zone = 'Z'): string =>
  `2025-05-21T12:34:56${digits > 0 ? '.' + FRACTION.slice(0, digits) : ''}${zone}`;

describe('minor and currencyOf', () => {
  it.each<[string, Money, string, string]>([
    ['a debit in cents', { value: -617, currency: 'EUR' }, '-617', 'EUR'],
    ['a credit in cents', { value: 250_000, currency: 'EUR' }, '250000', 'EUR'],
    ['zero', { value: 0, currency: 'EUR' }, '0', 'EUR'],
    ['negative zero', { value: -0, currency: 'EUR' }, '0', 'EUR'],
    ['yen (no minor unit)', { value: 1500, currency: 'JPY' }, '1500', 'JPY'],
    ['dinar (three decimals)', { value: -12_345, currency: 'BHD' }, '-12345', 'BHD'],
    ['the largest safe integer', { value: Number.MAX_SAFE_INTEGER, currency: 'EUR' }, '9007199254740991', 'EUR'],
    ['the smallest safe integer', { value: Number.MIN_SAFE_INTEGER, currency: 'EUR' }, '-9007199254740991', 'EUR'],
    ['a lower-case currency', { value: 1, currency: 'eur' }, '1', 'EUR'],
    ['a mixed-case currency', { value: 99, currency: 'uSd' }, '99', 'USD'],
    [
      'extra fields (kept by the loose schema)',
      { value: 42, currency: 'GBP', display: '0.42 £' } as Money,
      '42',
      'GBP',
    ],
  ])('%s', (_label, money, minorUnits, currency) => {
    // Only shapes the API schema lets through reach the mapping.
    expect(moneySchema.safeParse(money).success).toBe(true);
    expect(minor(money)).toBe(minorUnits);
    expect(currencyOf(money)).toBe(currency);
    // Exact as text: PostgreSQL reads it into bigint without rounding.
    expect(BigInt(minor(money)!)).toBe(BigInt(money.value));
  });

  it.each([null, undefined])('absent money (%p) has neither amount nor currency', (money) => {
    expect(minor(money)).toBeNull();
    expect(currencyOf(money)).toBeNull();
  });
});

describe('text', () => {
  it.each<[unknown, string | null]>([
    [null, null],
    [undefined, null],
    ['', ''],
    ['Pliant GmbH', 'Pliant GmbH'],
    [' padded ', ' padded '],
    [0, '0'],
    [5812, '5812'],
    [-1.5, '-1.5'],
    [false, 'false'],
    [true, 'true'],
    [12_345_678_901_234_567_890n, '12345678901234567890'],
  ])('%p → %p', (value, expected) => {
    expect(text(value)).toBe(expected);
  });
});

describe('bool', () => {
  it.each<[unknown, boolean | null]>([
    [true, true],
    [false, false],
    [null, null],
    [undefined, null],
    // Not booleans: not guessed.
    ['true', null],
    ['false', null],
    [1, null],
    [0, null],
  ])('%p → %p', (value, expected) => {
    expect(bool(value as boolean | null | undefined)).toBe(expected);
  });
});

describe('instant', () => {
  it.each(Array.from({ length: 10 }, (_, digits) => [digits, stamp(digits)] as const))(
    'keeps a UTC timestamp with %p fraction digits as it is',
    (_digits, value) => {
      expect(instant(value)).toBe(value);
    },
  );

  it.each([
    stamp(0, '+00:00'),
    stamp(3, '+02:00'),
    stamp(9, '-02:30'),
    stamp(6, '+0530'),
    stamp(1, '+14:00'),
    stamp(0, '-12:00'),
    // Calendar and clock edges.
    '2024-02-29T23:59:59.999999999Z',
    '2025-12-31T23:59:59Z',
    '2025-01-01T00:00:00Z',
    // A plain date is read by PostgreSQL as midnight UTC of that day.
    '2025-05-21',
    '2024-02-29',
  ])('keeps %s', (value) => {
    expect(instant(value)).toBe(value);
  });

  it.each<[string, unknown]>([
    ['ten fraction digits', stamp(9).replace('Z', '0Z')],
    ['an empty fraction', '2025-05-21T12:34:56.Z'],
    ['no zone', '2025-05-21T12:34:56'],
    ['no zone, with fraction', '2025-05-21T12:34:56.123'],
    ['a space instead of T', '2025-05-21 12:34:56Z'],
    ['a lower-case z', '2025-05-21T12:34:56z'],
    ['no seconds', '2025-05-21T12:34Z'],
    ['hour 24', '2025-05-21T24:00:00Z'],
    ['minute 60', '2025-05-21T12:60:00Z'],
    ['second 60', '2025-05-21T12:34:60Z'],
    ['an offset past 23 hours', '2025-05-21T12:34:56+24:00'],
    ['offset minutes past 59', '2025-05-21T12:34:56+02:60'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['month 13', '2025-13-01T00:00:00Z'],
    ['a non-existent date', '2025-04-31'],
    ['a German date', '21.05.2025'],
    ['the seeds’ foundationDate style', '02.11.2020'],
    ['words', 'yesterday'],
    ['an empty string', ''],
    ['leading space', ' 2025-05-21T12:34:56Z'],
    ['trailing text', '2025-05-21T12:34:56Z garbage'],
    ['epoch milliseconds', 1_747_830_896_123],
    ['a Date', new Date('2025-05-21T12:34:56Z')],
    ['null', null],
    ['undefined', undefined],
    ['an object', { value: '2025-05-21T12:34:56Z' }],
  ])('refuses %s', (_label, value) => {
    expect(instant(value)).toBeNull();
  });
});

describe('dateOf', () => {
  it.each<[unknown, string | null]>([
    ['2025-05-21', '2025-05-21'],
    ['2024-02-29', '2024-02-29'],
    [stamp(0), '2025-05-21'],
    [stamp(9), '2025-05-21'],
    [stamp(3, '+00:00'), '2025-05-21'],
    ['2025-05-21T00:00:00Z', '2025-05-21'],
    ['2025-05-21T23:59:59.999999999Z', '2025-05-21'],
    // Not a date or not a valid timestamp: nothing.
    ['2025-02-29', null],
    ['2025-04-31', null],
    ['2025-05-21T', null],
    ['2025-05-21Tgarbage', null],
    ['2025-05-21T25:00:00Z', null],
    ['2025-05-21 12:34:56Z', null],
    ['2025-05-21x', null],
    ['2025-5-21', null],
    ['21.05.2025', null],
    ['', null],
    [20_250_521, null],
    [null, null],
    [undefined, null],
  ])('%p → %p', (value, expected) => {
    expect(dateOf(value)).toBe(expected);
  });
});

const DAYS_BEFORE: [string, number, string][] = [
  ['2025-05-21', 0, '2025-05-21'],
  ['2025-05-21', 1, '2025-05-20'],
  ['2025-05-21', 3, '2025-05-18'],
  ['2025-05-01', 1, '2025-04-30'],
  ['2025-03-01', 1, '2025-02-28'],
  ['2024-03-01', 1, '2024-02-29'],
  ['2025-01-01', 1, '2024-12-31'],
  ['2025-05-21', 365, '2024-05-21'],
  ['2024-12-31', 366, '2023-12-31'],
  ['2025-01-15', 45, '2024-12-01'],
  // Daylight-saving changes in Europe do not matter: UTC days.
  ['2025-03-31', 1, '2025-03-30'],
  ['2025-10-27', 1, '2025-10-26'],
  // From a timestamp: its day, whatever the time of day.
  ['2025-05-21T00:00:00Z', 1, '2025-05-20'],
  ['2025-05-21T23:59:59.999999999Z', 1, '2025-05-20'],
  ['2025-03-01T12:00:00.5Z', 1, '2025-02-28'],
];

describe('daysBefore', () => {
  it.each(DAYS_BEFORE)('%s minus %p days → %s', (value, days, expected) => {
    expect(daysBefore(value, days)).toBe(expected);
  });

  // The process's time zone changes nothing (jest cannot change it in-process: a child does).
  it.each(['Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati'])(
    'gives the same days in a process running in %s',
    (zone) => {
      const module = pathToFileURL(join(packageRoot(), 'src', 'streams', 'mapping.ts')).href;
      const script = `const { daysBefore } = await import(${JSON.stringify(module)});
      process.stdout.write(JSON.stringify(${JSON.stringify(DAYS_BEFORE)}.map(([v, d]) => daysBefore(v, d))));`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: packageRoot(),
        env: { PATH: process.env.PATH ?? '', TZ: zone },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(child.stderr).toBe('');
      expect(JSON.parse(child.stdout)).toEqual(DAYS_BEFORE.map(([, , expected]) => expected));
    },
  );
});

describe('compareTimestamps', () => {
  // [a, b, sign of compareTimestamps(a, b)]; every row is also checked the other way round.
  it.each<[string, string, -1 | 0 | 1]>([
    [stamp(0), stamp(0), 0],
    // The same instant with different fraction digits.
    ['2025-05-21T12:34:56Z', '2025-05-21T12:34:56.000000000Z', 0],
    ['2025-05-21T12:34:56.1Z', '2025-05-21T12:34:56.100000000Z', 0],
    ['2025-05-21T12:34:56.120Z', '2025-05-21T12:34:56.12Z', 0],
    // Nanoseconds count, beyond what Date keeps.
    ['2025-05-21T12:34:56.123456789Z', '2025-05-21T12:34:56.123456788Z', 1],
    ['2025-05-21T12:34:56.000000001Z', '2025-05-21T12:34:56Z', 1],
    ['2025-05-21T12:34:56.1234Z', '2025-05-21T12:34:56.1233999Z', 1],
    // By value, not by text: a shorter fraction can be later, and 'Z' sorts after '.'.
    ['2025-05-21T12:34:56.5Z', '2025-05-21T12:34:56.49Z', 1],
    ['2025-05-21T12:34:56.12Z', '2025-05-21T12:34:56.1199999Z', 1],
    ['2025-05-21T12:34:56Z', '2025-05-21T12:34:56.5Z', -1],
    ['2025-05-21T12:34:56.999999999Z', '2025-05-21T12:34:57Z', -1],
    // Across minutes, days, years.
    ['2025-05-21T12:34:59.9Z', '2025-05-21T12:35:00Z', -1],
    ['2024-12-31T23:59:59.999999999Z', '2025-01-01T00:00:00Z', -1],
    ['2025-05-22T00:00:00Z', '2025-05-21T23:59:59.999999999Z', 1],
    // Offsets: compared as instants.
    ['2025-05-21T14:34:56+02:00', '2025-05-21T12:34:56Z', 0],
    ['2025-05-21T14:34:56.5+02:00', '2025-05-21T12:34:56.4Z', 1],
    ['2025-05-21T13:00:00+02:00', '2025-05-21T12:00:00Z', -1],
    ['2025-05-21T10:04:56.000000002-02:30', '2025-05-21T12:34:56.000000001Z', 1],
    ['2025-05-21T12:34:56.000000001+00:00', '2025-05-21T12:34:56Z', 1],
    ['2025-05-21T18:04:56+0530', '2025-05-21T12:34:56Z', 0],
    // Before 1970 (negative epoch seconds).
    ['1969-12-31T23:59:59.5Z', '1969-12-31T23:59:59.4Z', 1],
    ['1969-12-31T23:59:59.999999999Z', '1970-01-01T00:00:00Z', -1],
    // A date is midnight UTC of that day.
    ['2025-05-21', '2025-05-21T00:00:00Z', 0],
    ['2025-05-21', '2025-05-20T23:59:59.999999999Z', 1],
    ['2025-05-21', '2025-05-21T00:00:00.000000001Z', -1],
  ])('%s vs %s → %p', (a, b, sign) => {
    expect(Math.sign(compareTimestamps(a, b))).toBe(sign);
    expect(Math.sign(compareTimestamps(b, a))).toBe(sign === 0 ? 0 : -sign);
  });

  it('sorts timestamps of mixed precision and zones in instant order', () => {
    const ordered = [
      '2025-05-21T12:34:55.999999999Z',
      '2025-05-21T14:34:56+02:00',
      '2025-05-21T12:34:56.000001Z',
      '2025-05-21T12:34:56.00001Z',
      '2025-05-21T12:34:56.1Z',
      '2025-05-21T12:34:56.100000001Z',
      '2025-05-21T10:04:56.9-02:30',
      '2025-05-21T12:34:57Z',
    ];
    const shuffled = [
      ordered[5],
      ordered[2],
      ordered[7],
      ordered[0],
      ordered[4],
      ordered[1],
      ordered[6],
      ordered[3],
    ] as string[];
    expect([...shuffled].sort(compareTimestamps)).toEqual(ordered);
  });
});

describe('laterTimestamp', () => {
  it.each<[string | null | undefined, string | null | undefined, string | null]>([
    [null, null, null],
    [undefined, undefined, null],
    [null, undefined, null],
    [stamp(3), null, stamp(3)],
    [null, stamp(3), stamp(3)],
    [undefined, stamp(9), stamp(9)],
    [stamp(9), undefined, stamp(9)],
    ['', stamp(0), stamp(0)],
    ['2025-05-21T12:34:56.123456789Z', '2025-05-21T12:34:56.123456788Z', '2025-05-21T12:34:56.123456789Z'],
    ['2025-05-21T12:34:56.123456788Z', '2025-05-21T12:34:56.123456789Z', '2025-05-21T12:34:56.123456789Z'],
    // Text order would pick the first ('Z' > '.').
    ['2025-05-21T12:34:56Z', '2025-05-21T12:34:56.5Z', '2025-05-21T12:34:56.5Z'],
    // Zones: 13:00+02:00 is 11:00Z.
    ['2025-05-21T13:00:00+02:00', '2025-05-21T12:00:00Z', '2025-05-21T12:00:00Z'],
    // The same instant: the first is kept, as it was spelt.
    ['2025-05-21T12:34:56Z', '2025-05-21T12:34:56.000Z', '2025-05-21T12:34:56Z'],
    ['2025-05-21T14:34:56+02:00', '2025-05-21T12:34:56Z', '2025-05-21T14:34:56+02:00'],
  ])('of %p and %p → %p', (a, b, expected) => {
    expect(laterTimestamp(a, b)).toBe(expected);
  });
});
