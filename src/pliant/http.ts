/**
 * One HTTP call to the Pliant API, on got 14: bearer token, version header, pacing
 * of every attempt, got's own retry machinery with our delays, the one token
 * refresh after a 401, per-attempt debug logs, and typed errors. Nothing here logs
 * headers or got's errors (their options hold the Authorization header).
 */
import type { IncomingHttpHeaders } from 'node:http';
import got, {
  HTTPError,
  ParseError,
  RequestError,
  TimeoutError,
  type AfterResponseHook,
  type BeforeRequestHook,
  type BeforeRetryHook,
  type Got,
  type Options,
  type Response,
  type RetryObject,
} from 'got';
import type { Logger } from 'winston';

import { redactText, safeUrl } from '../redact.js';
import type { TokenProvider } from './auth.js';
import { API_VERSION, API_VERSION_HEADER } from './endpoints.js';
import {
  PliantApiError,
  PliantAuthError,
  PliantError,
  PliantNetworkError,
  PliantRateLimitError,
  shorten,
} from './errors.js';
import type { SlidingWindowLimiter, Slot } from './rate-limiter.js';
import {
  MAX_MALFORMED_BODY_RETRIES,
  RETRY_ERROR_CODES,
  RETRY_STATUS_CODES,
  retryDelayMs,
  usableRetryAfter,
  type RetryOptions,
} from './retry-policy.js';
import { errorBodySchema } from './schemas.js';

/** Counters a caller may pass per call (e.g. per stream); incremented like `client.stats`. */
export interface CallStats {
  /** HTTP attempts to the API, retries included. */
  requests: number;
  retries: number;
}

export interface ClientStats extends CallStats {
  /** HTTP attempts to the token URL. */
  tokenRequests: number;
}

export interface CallOptions {
  stats?: CallStats;
  signal?: AbortSignal;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Relative to the API base, e.g. `/cards`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  responseType: 'json' | 'buffer';
  call?: CallOptions | undefined;
}

export interface HttpResult<B> {
  status: number;
  body: B;
  headers: IncomingHttpHeaders;
  /** `GET /cards?organizationId=…`, for messages. */
  request: string;
}

interface CallState {
  request: string;
  endpoint: string;
  stats: CallStats | undefined;
  signal: AbortSignal | undefined;
  attempts: number;
  loggedAttempt: number;
  waitedMs: number;
  malformedRetries: number;
  authRefreshed: boolean;
  token: string | undefined;
  slot: Slot | undefined;
  attemptStarted: number;
  retryAfterMs: number | undefined;
}

/** Key of our per-call state in got's `context`. */
const STATE = 'pliantCall';

function stateOf(options: { context: Record<string, unknown> } | undefined): CallState | undefined {
  return options?.context[STATE] as CallState | undefined;
}

function releaseSlot(state: CallState): void {
  state.slot?.release();
  state.slot = undefined;
}

export interface PliantHttpOptions {
  apiUrl: string;
  tokens: TokenProvider;
  limiter: SlidingWindowLimiter;
  logger: Logger;
  timeoutMs: number;
  retry: RetryOptions;
  stats: ClientStats;
}

export class PliantHttp {
  private readonly got: Got;
  private readonly apiBase: string;
  private readonly apiOrigin: string;

  constructor(private readonly o: PliantHttpOptions) {
    this.apiBase = o.apiUrl.replace(/\/+$/, '');
    this.apiOrigin = new URL(this.apiBase).origin;
    const beforeRequest: BeforeRequestHook = (options) => this.beforeAttempt(options);
    const afterResponse: AfterResponseHook = (response) => this.afterAttempt(response);
    const refreshOn401: AfterResponseHook = (response, retryWithMergedOptions) => {
      const state = stateOf(response.request.options);
      if (response.statusCode !== 401 || !state || state.authRefreshed) return response;
      // A 401 is refused before any processing, so one replay with a fresh token is safe
      // for every method. got drops this hook for the replay, so it happens once.
      state.authRefreshed = true;
      o.tokens.invalidate(state.token);
      o.logger.debug(`Pliant ${state.request}: access token rejected (401); fetching a new one, trying once more`);
      return retryWithMergedOptions({});
    };
    const beforeRetry: BeforeRetryHook = (error) => {
      const state = stateOf(error.options);
      o.stats.retries += 1;
      if (state?.stats) state.stats.retries += 1;
    };
    this.got = got.extend({
      headers: { [API_VERSION_HEADER]: API_VERSION },
      timeout: { request: o.timeoutMs },
      retry: {
        limit: o.retry.maxAttempts - 1,
        // Only GETs: POST /leads must never be sent twice by us.
        methods: ['GET'],
        statusCodes: RETRY_STATUS_CODES,
        errorCodes: RETRY_ERROR_CODES,
        // We weigh Retry-After against our own total budget instead.
        maxRetryAfter: Number.MAX_SAFE_INTEGER,
        calculateDelay: (retry) => this.delayFor(retry),
      },
      hooks: {
        beforeRequest: [beforeRequest],
        afterResponse: [afterResponse, refreshOn401],
        beforeRetry: [beforeRetry],
      },
    });
  }

  async request<B>(req: HttpRequest): Promise<HttpResult<B>> {
    const url = new URL(this.apiBase + req.path);
    for (const [name, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const state: CallState = {
      request: `${req.method} ${req.path}${url.search}`,
      endpoint: req.path,
      stats: req.call?.stats,
      signal: req.call?.signal,
      attempts: 0,
      loggedAttempt: 0,
      waitedMs: 0,
      malformedRetries: 0,
      authRefreshed: false,
      token: undefined,
      slot: undefined,
      attemptStarted: 0,
      retryAfterMs: undefined,
    };
    try {
      // got's overloads cannot see through the union responseType: the promise form resolves a Response.
      const response = (await this.got(url, {
        method: req.method,
        responseType: req.responseType,
        headers: { accept: req.responseType === 'json' ? 'application/json' : '*/*' },
        context: { [STATE]: state },
        ...(req.json === undefined ? {} : { json: req.json }),
        ...(state.signal ? { signal: state.signal } : {}),
      })) as Response;
      return {
        status: response.statusCode,
        body: response.body as B,
        headers: response.headers,
        request: state.request,
      };
    } catch (error) {
      throw this.toPliantError(error, state, url);
    } finally {
      releaseSlot(state);
    }
  }

  /** Every attempt (first, retry, 401 replay): token, then a pacing slot. */
  private async beforeAttempt(options: Parameters<BeforeRequestHook>[0]): Promise<void> {
    const state = stateOf(options);
    if (!state) return;
    releaseSlot(state);
    if (new URL(String(options.url)).origin !== this.apiOrigin) {
      // A redirect away from the API (e.g. file storage) gets neither token nor pacing.
      delete options.headers.authorization;
      return;
    }
    const token = await this.o.tokens.get();
    state.token = token;
    options.headers.authorization = `Bearer ${token}`;
    state.slot = await this.o.limiter.acquire(state.signal);
    state.attempts += 1;
    this.o.stats.requests += 1;
    if (state.stats) state.stats.requests += 1;
    state.attemptStarted = performance.now();
  }

  private afterAttempt<R extends { statusCode: number; request: { options: Options } }>(response: R): R {
    const state = stateOf(response.request.options);
    if (state) {
      releaseSlot(state);
      this.logAttempt(state, { status: response.statusCode });
    }
    return response;
  }

  /** One debug line per attempt: method, path, status (or error code), duration, attempt. */
  private logAttempt(state: CallState, outcome: { status: number } | { code: string }): void {
    if (state.loggedAttempt === state.attempts) return;
    state.loggedAttempt = state.attempts;
    const durationMs = Math.round(performance.now() - state.attemptStarted);
    const shown = 'status' in outcome ? outcome.status : outcome.code;
    this.o.logger.debug(`Pliant ${state.request} → ${shown} in ${durationMs} ms (attempt ${state.attempts})`, {
      method: state.request.split(' ', 1)[0],
      path: state.endpoint,
      ...outcome,
      durationMs,
      attempt: state.attempts,
    });
  }

  /** got calls this after every failed attempt; 0 means "do not retry". */
  private delayFor({ attemptCount, error, retryAfter, computedValue }: RetryObject): number {
    const state = stateOf(error.options);
    if (!state) return computedValue;
    releaseSlot(state);
    if (error.name === 'RetryError') return 1; // the one replay after a 401
    if (error.cause instanceof PliantError || state.signal?.aborted) return 0;
    const status = error.response?.statusCode;
    this.logAttempt(state, status === undefined ? { code: error.code } : { status });
    state.retryAfterMs = usableRetryAfter(retryAfter);
    // computedValue is got's verdict on method, status, error code and attempt count.
    if (computedValue === 0) return 0;
    if (error instanceof ParseError) {
      if (state.malformedRetries >= MAX_MALFORMED_BODY_RETRIES) return 0;
      state.malformedRetries += 1;
    }
    const delay = retryDelayMs({ attempt: attemptCount, status, retryAfterMs: state.retryAfterMs }, this.o.retry);
    if (state.waitedMs + delay > this.o.retry.maxTotalWaitMs) {
      this.o.logger.debug(
        `Pliant ${state.request}: not retrying, waiting ${delay} ms more would pass the ${this.o.retry.maxTotalWaitMs} ms budget`,
      );
      return 0;
    }
    state.waitedMs += delay;
    this.o.logger.debug(`Pliant ${state.request}: retrying in ${delay} ms`, { path: state.endpoint, delayMs: delay });
    return delay;
  }

  private toPliantError(error: unknown, state: CallState, url: URL): unknown {
    if (error instanceof PliantError) return error;
    if (error instanceof RequestError && error.cause instanceof PliantError) return error.cause;
    // The caller's own abort: hand back the caller's reason, not got's error.
    if (state.signal?.aborted) return state.signal.reason;
    const info = {
      endpoint: state.endpoint,
      request: state.request,
      attempts: state.attempts,
      waitedMs: state.waitedMs,
    };
    if (error instanceof HTTPError) {
      const status = error.response.statusCode;
      if (status === 401) {
        return new PliantAuthError(
          `Pliant rejected the access token for ${state.request} even after fetching a fresh one (HTTP 401 twice): ` +
            `check that the credentials may use this API and that PLIANT_AUDIENCE matches PLIANT_ENV.`,
          { endpoint: state.endpoint, reason: 'token_rejected', status },
        );
      }
      if (status === 429) return new PliantRateLimitError({ ...info, retryAfterMs: state.retryAfterMs });
      return new PliantApiError({ ...info, status, ...this.describeBody(error.response.rawBody) });
    }
    if (error instanceof ParseError) {
      const text = redactText(error.response.rawBody?.toString('utf8') ?? '');
      return new PliantApiError({
        ...info,
        status: error.response.statusCode,
        malformedBody: true,
        body: shorten(text, 120),
      });
    }
    const code = error instanceof RequestError ? error.code : undefined;
    return new PliantNetworkError({ ...info, url: safeUrl(url), code, detail: this.describeNetworkError(error, code) });
  }

  /** Pliant's `{"code","message"}`, else the body as opaque text. */
  private describeBody(rawBody: Buffer | undefined): { code?: string; body?: string } {
    const text = redactText(rawBody?.toString('utf8') ?? '').trim();
    if (text === '') return {};
    try {
      const parsed = errorBodySchema.safeParse(JSON.parse(text));
      if (parsed.success) {
        return { code: parsed.data.code, ...(parsed.data.message ? { body: shorten(parsed.data.message) } : {}) };
      }
    } catch {
      // not JSON: opaque text below
    }
    return { body: shorten(text) };
  }

  private describeNetworkError(error: unknown, code: string | undefined): string {
    if (error instanceof TimeoutError) return `no answer within ${this.o.timeoutMs} ms (${code})`;
    switch (code) {
      case 'ECONNRESET':
      case 'ERR_STREAM_PREMATURE_CLOSE':
        return `the connection was reset (${code})`;
      case 'ECONNREFUSED':
        return 'the connection was refused (ECONNREFUSED)';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `the host name did not resolve (${code})`;
      default:
        return code ? `the request failed (${code})` : 'the request failed';
    }
  }
}
