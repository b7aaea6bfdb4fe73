/**
 * OAuth2 client credentials (docs/pliant-api.md): one cached token until shortly before
 * `expires_in`; concurrent callers share one in-flight token request. The token
 * endpoint has a small quota (e.g. 42/hour), so a 429 there is final, never looped.
 */
import got, { HTTPError, RequestError } from 'got';
import type { Logger } from 'winston';

import { redactText, registerSecret, safeUrl } from '../redact.js';
import { TOKEN_GRANT_TYPE, TOKEN_QUOTA_HEADER } from './endpoints.js';
import { PliantAuthError, shorten } from './errors.js';
import { authErrorBodySchema, tokenResponseSchema } from './schemas.js';

export interface TokenQuotaBucket {
  /** `per_hour`, `per_day`, … */
  bucket: string;
  quota: number | undefined;
  remaining: number | undefined;
  windowSeconds: number | undefined;
}

/** Parses `b=per_hour;q=42;r=41;t=3600,b=per_day;q=100;r=99;t=86400`. */
export function parseTokenQuota(header: string | undefined): TokenQuotaBucket[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const fields = new Map(
        part.split(';').map((kv) => {
          const [k = '', v = ''] = kv.split('=');
          return [k.trim(), v.trim()] as const;
        }),
      );
      const num = (key: string): number | undefined => {
        const n = Number(fields.get(key));
        return fields.has(key) && Number.isFinite(n) ? n : undefined;
      };
      return { bucket: fields.get('b') ?? '', quota: num('q'), remaining: num('r'), windowSeconds: num('t') };
    })
    .filter((b) => b.bucket !== '');
}

function describeQuota(buckets: TokenQuotaBucket[]): string {
  if (buckets.length === 0) return 'no quota header';
  return buckets.map((b) => `${b.bucket} ${b.remaining ?? '?'}/${b.quota ?? '?'} left`).join(', ');
}

/** Refresh this long before the token expires: 10 % of its life, at most 5 minutes. */
function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 10);
}

const TOKEN_RETRY_STATUS = [500, 502, 503, 504];
const TOKEN_RETRY_ERRORS = ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH'];

export interface TokenProviderOptions {
  authUrl: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  logger: Logger;
  timeoutMs: number;
  /** Base of the short backoff between (at most two) retries on 5xx and network errors. */
  baseDelayMs: number;
  now: () => number;
  /** Called once per HTTP attempt to the token URL (for run statistics). */
  onRequest: () => void;
}

export class TokenProvider {
  private cached: { token: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: TokenProviderOptions) {}

  /** A valid token: the cached one, or one fresh token shared by all concurrent callers. */
  async get(): Promise<string> {
    if (this.cached && this.options.now() < this.cached.expiresAt) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forget `token` after the API rejected it (a newer one is kept). */
  invalidate(token: string | undefined): void {
    if (token === undefined || this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { authUrl, logger, now } = this.options;
    const endpoint = safeUrl(authUrl);
    const started = performance.now();
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let body: unknown;
    try {
      const response = await got.post(authUrl, {
        json: {
          client_id: this.options.clientId,
          client_secret: this.options.clientSecret,
          audience: this.options.audience,
          grant_type: TOKEN_GRANT_TYPE,
        },
        responseType: 'json',
        timeout: { request: this.options.timeoutMs },
        // A short retry on 5xx/network only; never on 429 (quota) or 4xx.
        retry: {
          limit: 2,
          methods: ['POST'],
          statusCodes: TOKEN_RETRY_STATUS,
          errorCodes: TOKEN_RETRY_ERRORS,
          calculateDelay: ({ computedValue, attemptCount }) =>
            computedValue === 0 ? 0 : this.options.baseDelayMs * 2 ** (attemptCount - 1),
        },
        hooks: { beforeRequest: [() => this.options.onRequest()] },
      });
      ({ statusCode: status, headers, body } = response);
    } catch (error) {
      if (error instanceof HTTPError) {
        ({ statusCode: status, headers, body } = error.response);
      } else {
        const code = error instanceof RequestError ? error.code : undefined;
        logger.debug('Pliant token request failed without an answer', { endpoint, code });
        throw new PliantAuthError(
          `Could not reach Pliant's token endpoint ${endpoint} (${code ?? 'request failed'}): ` +
            `check the network and PLIANT_AUTH_URL, then run again.`,
          { endpoint, reason: 'token_endpoint_failed' },
        );
      }
    }

    const quota = parseTokenQuota(headerText(headers[TOKEN_QUOTA_HEADER.toLowerCase()]));
    logger.debug(`Pliant token request: POST ${endpoint} → ${status}; quota ${describeQuota(quota)}`, {
      endpoint,
      status,
      durationMs: Math.round(performance.now() - started),
      quota: Object.fromEntries(quota.map((b) => [b.bucket, { remaining: b.remaining, quota: b.quota }])),
    });

    if (status >= 200 && status < 300) {
      const parsed = tokenResponseSchema.safeParse(body);
      if (!parsed.success) {
        // Never quote the body: it may hold a token.
        throw new PliantAuthError(
          `Pliant's token endpoint ${endpoint} answered HTTP ${status} without a usable access_token and ` +
            `expires_in: check PLIANT_AUTH_URL points at the OAuth2 token URL.`,
          { endpoint, reason: 'invalid_token_response', status },
        );
      }
      const lifetimeMs = parsed.data.expires_in * 1000;
      const token = parsed.data.access_token;
      registerSecret(token);
      this.cached = { token, expiresAt: now() + lifetimeMs - refreshMarginMs(lifetimeMs) };
      return token;
    }
    throw this.tokenError(status, body, quota, endpoint);
  }

  private tokenError(status: number, body: unknown, quota: TokenQuotaBucket[], endpoint: string): PliantAuthError {
    const auth0 = authErrorBodySchema.safeParse(body);
    const said = auth0.success
      ? `${auth0.data.error}${auth0.data.error_description ? `: ${auth0.data.error_description}` : ''}`
      : typeof body === 'string'
        ? body
        : JSON.stringify(body ?? '');
    const detail = shorten(redactText(said), 200);
    if (status === 429) {
      return new PliantAuthError(
        `Pliant's token endpoint refused a new access token: client quota exceeded (HTTP 429 ${detail}; ` +
          `${describeQuota(quota)}). Tokens are cached for their lifetime, so something keeps requesting new ones ` +
          `(restarts in a loop, many processes): stop them and wait for the hourly/daily quota to reset.`,
        { endpoint, reason: 'token_quota_exceeded', status },
      );
    }
    if (status === 400 || status === 401 || status === 403) {
      return new PliantAuthError(
        `Pliant's token endpoint rejected the client credentials (HTTP ${status} ${detail}): check ` +
          `PLIANT_CLIENT_ID, PLIANT_CLIENT_SECRET and PLIANT_AUDIENCE, and that they belong to PLIANT_ENV.`,
        { endpoint, reason: 'bad_credentials', status },
      );
    }
    return new PliantAuthError(
      `Pliant's token endpoint ${endpoint} answered HTTP ${status} (${detail}): run again later.`,
      { endpoint, reason: 'token_endpoint_failed', status },
    );
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}
