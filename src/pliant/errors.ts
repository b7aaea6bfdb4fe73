/**
 * Typed errors of the Pliant client. Each message says what failed and what to do.
 * They never carry got's errors (whose options hold the Authorization header), and
 * every text taken from a response passes through the redactor (src/redact.ts) first.
 */
import { PliantSyncError } from '../errors.js';

export interface PliantErrorOptions {
  /** API path (e.g. `/account-entries`) or the token URL. */
  endpoint?: string | undefined;
}

export abstract class PliantError extends PliantSyncError {
  /** True when the same call may succeed if tried again later, unchanged. */
  abstract readonly retryable: boolean;
  readonly endpoint: string | undefined;

  constructor(message: string, options: PliantErrorOptions = {}) {
    super(message);
    this.endpoint = options.endpoint;
  }
}

export type PliantAuthReason =
  'bad_credentials' | 'token_quota_exceeded' | 'token_rejected' | 'token_endpoint_failed' | 'invalid_token_response';

export class PliantAuthError extends PliantError {
  readonly retryable: boolean;
  readonly reason: PliantAuthReason;
  readonly status: number | undefined;

  constructor(message: string, details: PliantErrorOptions & { reason: PliantAuthReason; status?: number }) {
    super(message, details);
    this.reason = details.reason;
    this.status = details.status;
    // Only a failing token endpoint (5xx, network) may heal by itself soon.
    this.retryable = details.reason === 'token_endpoint_failed';
  }
}

export interface AttemptInfo {
  /** `GET /cards?organizationId=…`, without secrets. */
  request: string;
  attempts: number;
  waitedMs: number;
}

export class PliantRateLimitError extends PliantError {
  readonly retryable = true;
  readonly attempts: number;
  readonly waitedMs: number;
  readonly retryAfterMs: number | undefined;

  constructor(details: PliantErrorOptions & AttemptInfo & { retryAfterMs?: number | undefined }) {
    const asked =
      details.retryAfterMs === undefined
        ? 'without a Retry-After header'
        : `asking to wait ${Math.ceil(details.retryAfterMs / 1000)} s`;
    super(
      `Pliant kept answering HTTP 429 (rate limit) ${asked} for ${details.request}; gave up after ` +
        `${details.attempts} attempt(s) and ${seconds(details.waitedMs)} of waiting. Another client on this IP ` +
        `may share the budget of 900 requests per 5 minutes: lower PLIANT_RATE_LIMIT or run again later.`,
      details,
    );
    this.attempts = details.attempts;
    this.waitedMs = details.waitedMs;
    this.retryAfterMs = details.retryAfterMs;
  }
}

const STATUS_HINTS: Record<number, string> = {
  400: 'Pliant rejected the request as invalid: check the parameters',
  403: "the data is outside the partner's scope: check that the organization has authorized this integration",
  404: 'not found: check the id, the record may have been removed',
  409: 'conflict with the current state at Pliant',
};

export class PliantApiError extends PliantError {
  readonly retryable: boolean;
  readonly status: number;
  /** Pliant's error code when the body was `{"code","message"}`. */
  readonly code: string | undefined;
  /** Pliant's message, or the body as opaque text (trimmed, shortened). */
  readonly body: string | undefined;
  readonly attempts: number;

  constructor(
    details: PliantErrorOptions &
      AttemptInfo & { status: number; code?: string | undefined; body?: string | undefined; malformedBody?: boolean },
  ) {
    const tried = details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
    const said = details.code ? ` ${details.code}` : '';
    const bodyText = details.body ? `: ${details.body}` : '';
    let message: string;
    if (details.malformedBody) {
      message =
        `Pliant answered HTTP ${details.status} for ${details.request} with a body that is not valid JSON${tried}` +
        `${bodyText}. A proxy may have cut the response: run again later; if it persists, report it to Pliant.`;
    } else if (details.status >= 500) {
      message =
        `Pliant had a server error (HTTP ${details.status}${said}) for ${details.request}${tried}${bodyText}. ` +
        `Run again later.`;
    } else {
      const hint = STATUS_HINTS[details.status] ?? 'unexpected answer';
      message = `Pliant answered HTTP ${details.status}${said} for ${details.request}${bodyText} (${hint}).`;
    }
    super(message, details);
    this.status = details.status;
    this.code = details.code;
    this.body = details.body;
    this.attempts = details.attempts;
    this.retryable = details.status >= 500 || details.malformedBody === true;
  }
}

export class PliantContractError extends PliantError {
  readonly retryable = false;
  readonly recordId: string | undefined;
  /** Dotted path of the offending field within the record, e.g. `amount.value`. */
  readonly field: string;
  readonly problem: string;

  constructor(
    details: PliantErrorOptions & { request: string; recordId?: string | undefined; field: string; problem: string },
  ) {
    const record = details.recordId === undefined ? 'a record' : `record "${details.recordId}"`;
    super(
      `Pliant sent ${record} that breaks the contract for ${details.request}: field "${details.field}" ` +
        `${details.problem}. If the API changed, adapt src/pliant/schemas.ts (or endpoints.ts); otherwise report it to Pliant.`,
      details,
    );
    this.recordId = details.recordId;
    this.field = details.field;
    this.problem = details.problem;
  }
}

export class PliantNetworkError extends PliantError {
  readonly retryable = true;
  /** The URL, without credentials or secret query parameters. */
  readonly url: string;
  /** `ETIMEDOUT`, `ECONNRESET`, `ENOTFOUND`, … */
  readonly code: string | undefined;
  readonly attempts: number;

  constructor(details: PliantErrorOptions & AttemptInfo & { url: string; code?: string | undefined; detail: string }) {
    super(
      `Could not get an answer from Pliant for ${details.request} (${details.url}): ${details.detail}` +
        `${details.attempts > 1 ? `, ${details.attempts} attempts over ${seconds(details.waitedMs)}` : ''}. ` +
        `Check the network and PLIANT_API_URL, then run again.`,
      details,
    );
    this.url = details.url;
    this.code = details.code;
    this.attempts = details.attempts;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Opaque response text for messages: trimmed, one line, at most `max` characters. */
export function shorten(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
