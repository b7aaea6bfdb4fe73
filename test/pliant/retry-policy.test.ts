/**
 * The retry policy's delays, as tables: Retry-After honoured with its spread, 429 growth
 * without one, equal jitter and the cap for 5xx and network errors, and which answers count as
 * usable Retry-After values or as retryable at all. `random` is injected: every delay is exact.
 */
import { describe, expect, it } from '@jest/globals';

import {
  DEFAULT_RETRY,
  MAX_MALFORMED_BODY_RETRIES,
  RETRY_ERROR_CODES,
  RETRY_STATUS_CODES,
  retryDelayMs,
  usableRetryAfter,
  type RetryOptions,
} from '../../src/pliant/retry-policy.js';

/** Small, distinct numbers, so a mixed-up option shows in the delay. */
const OPTIONS: RetryOptions = {
  maxAttempts: 6,
  maxTotalWaitMs: 600_000,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  rateLimitDelayMs: 5_000,
};
/** The largest value Math.random can return. */
const ALMOST_ONE = 1 - Number.EPSILON / 2;
const fixed = (value: number) => () => value;

describe('usableRetryAfter', () => {
  it.each<[string, number | undefined, number | undefined]>([
    ['absent', undefined, undefined],
    ['NaN (an unparsable header)', Number.NaN, undefined],
    ['Infinity', Number.POSITIVE_INFINITY, undefined],
    ['-Infinity', Number.NEGATIVE_INFINITY, undefined],
    ['zero', 0, undefined],
    ['negative zero', -0, undefined],
    ['negative (an HTTP-date in the past)', -1_500, undefined],
    ['a fraction of a millisecond', 0.5, 0.5],
    ['one millisecond', 1, 1],
    ['one second', 1_000, 1_000],
    ['a day', 86_400_000, 86_400_000],
  ])('%s → %p', (_label, input, expected) => {
    expect(usableRetryAfter(input)).toBe(expected);
  });
});

describe('retryDelayMs with a usable Retry-After', () => {
  // Retry-After plus a spread of random × min(1 s, 10 % of it), rounded up.
  it.each<[number, number, number]>([
    [1_000, 0, 1_000],
    [1_000, 0.5, 1_050],
    [1_000, ALMOST_ONE, 1_100],
    [200, 0.5, 210],
    [5_000, 0.25, 5_125],
    [10_000, ALMOST_ONE, 11_000],
    // From 10 s on, the spread stays at most one second.
    [30_000, 0, 30_000],
    [30_000, 0.5, 30_500],
    [30_000, ALMOST_ONE, 31_000],
    [3_600_000, ALMOST_ONE, 3_601_000],
    // Rounded up to whole milliseconds.
    [1, 0.5, 2],
    [0.5, 0, 1],
    [1_234.2, 0, 1_235],
  ])('Retry-After %p ms, random %p → %p ms', (retryAfterMs, random, expected) => {
    expect(retryDelayMs({ attempt: 1, status: 429, retryAfterMs }, OPTIONS, fixed(random))).toBe(expected);
  });

  it.each<[string, number | undefined, number]>([
    ['429 on the first retry', 429, 1],
    ['429 on the fifth retry: no growth', 429, 5],
    ['503', 503, 1],
    ['500 on a late retry: neither growth nor cap', 500, 9],
    ['a network error (no status)', undefined, 3],
  ])('is honoured for %s', (_label, status, attempt) => {
    // 7 s is above maxDelayMs and unlike any computed backoff of OPTIONS.
    expect(retryDelayMs({ attempt, status, retryAfterMs: 7_000 }, OPTIONS, fixed(0))).toBe(7_000);
    expect(retryDelayMs({ attempt, status, retryAfterMs: 7_000 }, OPTIONS, fixed(ALMOST_ONE))).toBe(7_700);
  });

  it.each<[string, number]>([
    ['zero', 0],
    ['negative', -5_000],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('falls back to the computed backoff when Retry-After is %s', (_label, retryAfterMs) => {
    expect(retryDelayMs({ attempt: 1, status: 429, retryAfterMs }, OPTIONS, fixed(0))).toBe(5_000);
    expect(retryDelayMs({ attempt: 1, status: 503, retryAfterMs }, OPTIONS, fixed(0))).toBe(50);
  });

  it('stays within [Retry-After, Retry-After + min(1 s, 10 %)] with the default random', () => {
    for (const retryAfterMs of [1, 999, 1_000, 9_999, 10_000, 120_000]) {
      for (let i = 0; i < 200; i += 1) {
        const delay = retryDelayMs({ attempt: 1, status: 429, retryAfterMs }, OPTIONS);
        expect(delay).toBeGreaterThanOrEqual(Math.ceil(retryAfterMs));
        expect(delay).toBeLessThanOrEqual(Math.ceil(retryAfterMs + Math.min(1_000, retryAfterMs * 0.1)));
      }
    }
  });
});

describe('retryDelayMs after a 429 without Retry-After', () => {
  // rateLimitDelayMs doubling per attempt, plus up to 10 % spread; no cap (maxDelayMs is for 5xx).
  it.each<[number, number, number]>([
    [1, 0, 5_000],
    [1, 0.5, 5_250],
    [1, ALMOST_ONE, 5_500],
    [2, 0, 10_000],
    [2, ALMOST_ONE, 11_000],
    [3, 0, 20_000],
    [4, 0.1, 40_400],
    [6, 0, 160_000],
  ])('attempt %p, random %p → %p ms', (attempt, random, expected) => {
    expect(retryDelayMs({ attempt, status: 429, retryAfterMs: undefined }, OPTIONS, fixed(random))).toBe(expected);
  });

  it('waits longer than any 5xx backoff with the default options', () => {
    const first429 = retryDelayMs({ attempt: 1, status: 429, retryAfterMs: undefined }, DEFAULT_RETRY, fixed(0));
    const longest5xx = retryDelayMs(
      { attempt: 20, status: 503, retryAfterMs: undefined },
      DEFAULT_RETRY,
      fixed(ALMOST_ONE),
    );
    expect(first429).toBe(DEFAULT_RETRY.rateLimitDelayMs);
    expect(first429).toBeGreaterThan(longest5xx);
    // The first 429 wait fits in the call's waiting budget, so a 429 is retried at least once.
    expect(first429).toBeLessThanOrEqual(DEFAULT_RETRY.maxTotalWaitMs);
  });
});

describe('retryDelayMs after a 5xx or a network error', () => {
  // "Equal jitter": wait = min(maxDelayMs, baseDelayMs × 2^(attempt−1)); delay = wait/2 + random × wait/2.
  it.each<[number, number, number]>([
    [1, 0, 50],
    [1, 0.5, 75],
    [1, ALMOST_ONE, 100],
    [2, 0, 100],
    [2, ALMOST_ONE, 200],
    [3, 0.5, 300],
    [4, 0, 400],
    [4, ALMOST_ONE, 800],
    // 100 × 2^4 = 1600 passes the 1000 cap.
    [5, 0, 500],
    [5, ALMOST_ONE, 1_000],
    [30, 0, 500],
    [30, ALMOST_ONE, 1_000],
    // Rounded up: 50 + 0.3 × 50 = 65; 50 + 0.01 × 50 = 50.5 → 51.
    [1, 0.3, 65],
    [1, 0.01, 51],
  ])('attempt %p, random %p → %p ms', (attempt, random, expected) => {
    for (const status of [500, 502, 503, 504, undefined]) {
      expect(retryDelayMs({ attempt, status, retryAfterMs: undefined }, OPTIONS, fixed(random))).toBe(expected);
    }
  });

  it('never exceeds maxDelayMs and never drops below half of it once capped', () => {
    for (let attempt = 1; attempt <= 40; attempt += 1) {
      for (const random of [0, 0.5, ALMOST_ONE]) {
        const delay = retryDelayMs({ attempt, status: 503, retryAfterMs: undefined }, DEFAULT_RETRY, fixed(random));
        expect(delay).toBeLessThanOrEqual(DEFAULT_RETRY.maxDelayMs);
        const uncapped = DEFAULT_RETRY.baseDelayMs * 2 ** (attempt - 1);
        if (uncapped >= DEFAULT_RETRY.maxDelayMs) expect(delay).toBeGreaterThanOrEqual(DEFAULT_RETRY.maxDelayMs / 2);
      }
    }
  });

  it('grows with the attempt for the same random draw until the cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) =>
      retryDelayMs({ attempt, status: 502, retryAfterMs: undefined }, DEFAULT_RETRY, fixed(0.5)),
    );
    expect(delays).toEqual([750, 1_500, 3_000, 6_000, 12_000, 22_500, 22_500]);
  });
});

describe('what is retried', () => {
  it.each([429, 500, 502, 503, 504])('status %p is retried', (status) => {
    expect(RETRY_STATUS_CODES).toContain(status);
  });

  it.each([200, 204, 400, 401, 403, 404, 409, 422])('status %p is final', (status) => {
    expect(RETRY_STATUS_CODES).not.toContain(status);
  });

  it.each([
    'ETIMEDOUT',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'EAI_AGAIN',
    'ERR_STREAM_PREMATURE_CLOSE',
    'ERR_BODY_PARSE_FAILURE',
  ])('network error %s is retried', (code) => {
    expect(RETRY_ERROR_CODES).toContain(code);
  });

  it('ENOTFOUND (usually a wrong PLIANT_API_URL) is final', () => {
    expect(RETRY_ERROR_CODES).not.toContain('ENOTFOUND');
  });

  it('retries a malformed body a few times only, and fewer than the attempts per call', () => {
    expect(MAX_MALFORMED_BODY_RETRIES).toBeGreaterThanOrEqual(1);
    expect(MAX_MALFORMED_BODY_RETRIES).toBeLessThan(DEFAULT_RETRY.maxAttempts - 1);
  });
});
