/**
 * When and how long to wait before retrying an API call. got runs the retries;
 * this module only decides the delays (used from got's `retry.calculateDelay`).
 */

export interface RetryOptions {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Give up when the next wait would take the call's total waiting past this. */
  maxTotalWaitMs: number;
  /** First backoff after a 5xx, timeout or reset; doubles per attempt, with jitter. */
  baseDelayMs: number;
  /** Cap of one 5xx/network backoff. */
  maxDelayMs: number;
  /**
   * First wait after a 429 without `Retry-After` (the real API sends none and blocks
   * the IP until its 5-minute count drops), doubling per attempt: longer than a 5xx.
   */
  rateLimitDelayMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryOptions> = {
  maxAttempts: 6,
  maxTotalWaitMs: 5 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  rateLimitDelayMs: 60_000,
};

/** Retried statuses; 400/401/403/404/409 are final (401 gets its own token refresh). */
export const RETRY_STATUS_CODES = [429, 500, 502, 503, 504];

/**
 * Retried network errors. ENOTFOUND is left out: it usually means a wrong
 * PLIANT_API_URL, while a passing DNS failure shows as EAI_AGAIN.
 */
export const RETRY_ERROR_CODES = [
  'ETIMEDOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EADDRINUSE',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  // The connection dropped while the body was arriving.
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_READING_RESPONSE_STREAM',
  // Malformed JSON in a 2xx: proxies truncate bodies, so it may heal (capped below).
  'ERR_BODY_PARSE_FAILURE',
];

/** Malformed JSON is retried at most this many times per call. */
export const MAX_MALFORMED_BODY_RETRIES = 2;

/** got's parsed `Retry-After` (seconds or HTTP-date) in ms, when usable. */
export function usableRetryAfter(retryAfterMs: number | undefined): number | undefined {
  return retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0 ? retryAfterMs : undefined;
}

/** Delay before retry number `attempt` (1 = first retry), jittered. */
export function retryDelayMs(
  input: { attempt: number; status: number | undefined; retryAfterMs: number | undefined },
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const retryAfter = usableRetryAfter(input.retryAfterMs);
  if (retryAfter !== undefined) {
    // Honour the server, plus a little spread so concurrent callers do not return at once.
    return Math.ceil(retryAfter + random() * Math.min(1_000, retryAfter * 0.1));
  }
  const growth = 2 ** (input.attempt - 1);
  if (input.status === 429) {
    const wait = options.rateLimitDelayMs * growth;
    return Math.ceil(wait + random() * wait * 0.1);
  }
  // "Equal jitter": half fixed, half random, so the delay still grows.
  const wait = Math.min(options.maxDelayMs, options.baseDelayMs * growth);
  return Math.ceil(wait / 2 + random() * (wait / 2));
}
