import { describe, expect, it } from '@jest/globals';

import {
  accountEntrySchema,
  ENV_DEFAULTS,
  isIsoDate,
  isIsoTimestamp,
  moneySchema,
  parseTokenQuota,
  toMinorUnits,
  transactionSchema,
} from '../../src/pliant/index.js';

describe('timestamps', () => {
  it.each([
    '2025-05-21T12:34:56Z',
    '2025-05-21T12:34:56.1Z',
    '2025-05-21T12:34:56.123Z',
    '2025-05-21T12:34:56.123456789Z',
    '2025-05-21T12:34:56+00:00',
    '2025-05-21T12:34:56.5-02:30',
    '2024-02-29T00:00:00Z',
  ])('accepts %s', (text) => {
    expect(isIsoTimestamp(text)).toBe(true);
  });

  it.each([
    '2025-05-21',
    '2025-05-21 12:34:56Z',
    '2025-05-21T12:34:56',
    '2025-05-21T12:34:56.1234567890Z',
    '2025-05-21T12:34:56.Z',
    '2025-02-29T00:00:00Z',
    '2025-13-01T00:00:00Z',
    '2025-05-21T24:00:00Z',
    '2025-05-21T12:60:00Z',
    '21.05.2025',
  ])('rejects %s', (text) => {
    expect(isIsoTimestamp(text)).toBe(false);
  });
});

describe('dates', () => {
  it('accepts real calendar days only', () => {
    expect(isIsoDate('2025-05-21')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-5-21')).toBe(false);
    expect(isIsoDate('02.11.2020')).toBe(false);
  });
});

describe('money', () => {
  it('accepts integer minor units in any currency (JPY has none, BHD three)', () => {
    expect(moneySchema.safeParse({ value: 1500, currency: 'JPY' }).success).toBe(true);
    expect(moneySchema.safeParse({ value: -12345, currency: 'BHD' }).success).toBe(true);
    expect(moneySchema.safeParse({ value: 0, currency: 'EUR' }).success).toBe(true);
  });

  it('rejects fractions, unsafe integers, strings and bad currencies', () => {
    expect(moneySchema.safeParse({ value: 1.5, currency: 'EUR' }).success).toBe(false);
    expect(moneySchema.safeParse({ value: 2 ** 53, currency: 'EUR' }).success).toBe(false);
    expect(moneySchema.safeParse({ value: '-617', currency: 'EUR' }).success).toBe(false);
    expect(moneySchema.safeParse({ value: 1, currency: 'EURO' }).success).toBe(false);
    expect(moneySchema.safeParse({ value: 1 }).success).toBe(false);
  });

  it('converts to bigint minor units without rounding', () => {
    expect(toMinorUnits({ value: -617 })).toBe(-617n);
    expect(toMinorUnits({ value: Number.MAX_SAFE_INTEGER })).toBe(9007199254740991n);
    expect(() => toMinorUnits({ value: 1.5 })).toThrow(RangeError);
  });
});

describe('schemas', () => {
  it('keep unknown fields and unknown enum values, and do not transform', () => {
    const sent = {
      transactionId: 'tx-1',
      status: 'SOMETHING_NEW',
      category: 'SPACE_TRAVEL',
      billingAmount: { value: -617, currency: 'EUR', precision: 2 },
      newField: { nested: [1, 2, 3] },
    };
    const parsed = transactionSchema.parse(sent);
    expect(parsed).toEqual(sent);
  });

  it('require only what the mirror needs', () => {
    expect(transactionSchema.safeParse({ transactionId: 'tx-1' }).success).toBe(true);
    expect(transactionSchema.safeParse({}).success).toBe(false);
    const minimalEntry = {
      id: 'e',
      index: 0,
      type: 'X',
      bookingDate: '2025-01-01',
      amount: { value: 1, currency: 'EUR' },
    };
    expect(accountEntrySchema.safeParse(minimalEntry).success).toBe(true);
    expect(accountEntrySchema.safeParse({ ...minimalEntry, index: -1 }).success).toBe(false);
    expect(accountEntrySchema.safeParse({ ...minimalEntry, index: 1.5 }).success).toBe(false);
    expect(accountEntrySchema.safeParse({ ...minimalEntry, createdAt: null }).success).toBe(true);
  });
});

describe('endpoints', () => {
  it('has the simulator defaults of the README', () => {
    expect(ENV_DEFAULTS.simulator).toEqual({
      apiUrl: 'http://127.0.0.1:4010/api',
      authUrl: 'http://127.0.0.1:4010/oauth/token',
      audience: 'simulator',
      clientId: 'simulator',
      clientSecret: 'simulator',
    });
    expect(ENV_DEFAULTS.production.apiUrl).toBe('https://partner-api.getpliant.com/api');
    expect(ENV_DEFAULTS.sandbox.audience).toBe('api.staging.v2.infinnitytest.com/api/integration');
  });
});

describe('token quota header', () => {
  it('parses per-hour and per-day buckets', () => {
    expect(parseTokenQuota('b=per_hour;q=42;r=41;t=3600,b=per_day;q=100;r=99;t=86400')).toEqual([
      { bucket: 'per_hour', quota: 42, remaining: 41, windowSeconds: 3600 },
      { bucket: 'per_day', quota: 100, remaining: 99, windowSeconds: 86400 },
    ]);
    expect(parseTokenQuota(undefined)).toEqual([]);
    expect(parseTokenQuota('garbage')).toEqual([]);
  });
});
