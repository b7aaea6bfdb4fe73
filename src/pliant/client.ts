/**
 * The Pliant API client: one object per process, shared by all streams, so the
 * token cache and the rate limiter cover every call.
 */
import type { Logger } from 'winston';

import { registerSecret } from '../redact.js';
import { TokenProvider } from './auth.js';
import {
  DEFAULT_SORT,
  DEFAULT_SORT_DIRECTION,
  EMPTY_LIST_STATUS,
  ENV_DEFAULTS,
  ID_LIST_SEPARATOR,
  LIST_ENVELOPE,
  MAX_IDS_PER_REQUEST,
  PATHS,
  QUERY,
} from './endpoints.js';
import { PliantApiError } from './errors.js';
import { PliantHttp, type CallOptions, type ClientStats } from './http.js';
import { concatPages, paginate, type FetchedPage, type Page } from './paginate.js';
import {
  checkDateRange,
  checkLimit,
  chunkIds,
  requireId,
  type AccountEntriesParams,
  type BillPaymentsParams,
  type CardholdersParams,
  type CardsParams,
  type ListOptions,
  type OrganizationsParams,
  type ReceiptsParams,
  type TransactionsParams,
} from './params.js';
import { SlidingWindowLimiter } from './rate-limiter.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy.js';
import {
  ENTITIES,
  listEnvelopeSchema,
  type AccountEntry,
  type BillPayment,
  type Card,
  type Cardholder,
  type Jwks,
  type LeadCreated,
  type Organization,
  type Receipt,
  type Transaction,
} from './schemas.js';
import { validateRecord, type RecordCheck } from './validate.js';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_PAGES = 100_000;

export interface PliantClientOptions {
  apiUrl: string;
  authUrl: string;
  audience: string;
  clientId: string;
  clientSecret: string;
  /** Requests the client allows itself per window (PLIANT_RATE_LIMIT, default 900/300). */
  rateLimit: { requests: number; perSeconds: number };
  logger: Logger;
  /** Per HTTP attempt; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Ceiling of pages per list; default 100 000. */
  maxPages?: number;
  /** Clock for token expiry (tests move it); default `Date.now`. */
  now?: () => number;
}

export interface ReceiptFile {
  body: Buffer;
  contentType: string | undefined;
}

/** Lead body as sent; validating countries and industries is the caller's job. */
export type LeadRequest = Record<string, unknown>;

type ListName = keyof typeof DEFAULT_SORT;
type Query = Record<string, string | number | undefined>;

export class PliantClient {
  /** Totals for run statistics. */
  readonly stats: ClientStats = { requests: 0, retries: 0, tokenRequests: 0 };
  private readonly http: PliantHttp;
  private readonly maxPages: number;

  constructor(options: PliantClientOptions) {
    const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
    if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
      throw new RangeError(`retry.maxAttempts must be an integer ≥ 1, got ${retry.maxAttempts}`);
    }
    const { requests, perSeconds } = options.rateLimit;
    if (!Number.isInteger(requests) || requests < 1 || !(perSeconds > 0)) {
      throw new RangeError(`rateLimit must be whole requests ≥ 1 per seconds > 0, got ${requests}/${perSeconds}`);
    }
    for (const name of ['apiUrl', 'authUrl'] as const) {
      if (!URL.canParse(options[name])) throw new TypeError(`${name} must be an absolute URL, got "${options[name]}"`);
    }
    this.maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isInteger(this.maxPages) || this.maxPages < 1) {
      throw new RangeError(`maxPages must be an integer ≥ 1, got ${this.maxPages}`);
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${timeoutMs}`);
    // The one path by which the client secret reaches the redactor; the simulator's is public (and a common word).
    if (options.clientSecret !== ENV_DEFAULTS.simulator.clientSecret) registerSecret(options.clientSecret);
    const tokens = new TokenProvider({
      authUrl: options.authUrl,
      audience: options.audience,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      logger: options.logger,
      timeoutMs,
      baseDelayMs: retry.baseDelayMs,
      now: options.now ?? Date.now,
      onRequest: () => {
        this.stats.tokenRequests += 1;
      },
    });
    this.http = new PliantHttp({
      apiUrl: options.apiUrl,
      tokens,
      limiter: new SlidingWindowLimiter(requests, perSeconds * 1000),
      logger: options.logger,
      timeoutMs,
      retry,
      stats: this.stats,
    });
  }

  organizations(params: OrganizationsParams = {}, call?: CallOptions): AsyncIterable<Page<Organization>> {
    return this.list(
      'organizations',
      PATHS.organizations,
      ENTITIES.organization,
      { [QUERY.status]: params.status },
      params,
      call,
    );
  }

  async organization(organizationId: string, call?: CallOptions): Promise<Organization> {
    return this.getOne(PATHS.organization(requireId('organizationId', organizationId)), ENTITIES.organization, call);
  }

  cardholders(params: CardholdersParams, call?: CallOptions): AsyncIterable<Page<Cardholder>> {
    const query = {
      [QUERY.organizationId]: requireId('organizationId', params.organizationId),
      [QUERY.status]: params.status,
    };
    return this.list('cardholders', PATHS.cardholders, ENTITIES.cardholder, query, params, call);
  }

  cards(params: CardsParams, call?: CallOptions): AsyncIterable<Page<Card>> {
    const query = { [QUERY.organizationId]: requireId('organizationId', params.organizationId) };
    return this.list('cards', PATHS.cards, ENTITIES.card, query, params, call);
  }

  accountEntries(params: AccountEntriesParams, call?: CallOptions): AsyncIterable<Page<AccountEntry>> {
    checkDateRange(params);
    const query = {
      [QUERY.organizationId]: requireId('organizationId', params.organizationId),
      [QUERY.type]: params.type,
      [QUERY.fromDate]: params.fromDate,
      [QUERY.toDate]: params.toDate,
      [QUERY.dateField]: params.dateField,
    };
    return this.list('accountEntries', PATHS.accountEntries, ENTITIES.accountEntry, query, params, call);
  }

  /** By ids (any number; split into requests of at most 100) or by date range. */
  transactions(params: TransactionsParams, call?: CallOptions): AsyncIterable<Page<Transaction>> {
    const organizationId = requireId('organizationId', params.organizationId);
    if (params.transactionIds !== undefined) {
      const chunks = chunkIds('transactionIds', params.transactionIds, MAX_IDS_PER_REQUEST);
      return concatPages(
        chunks.map((ids) => () => {
          const query = { [QUERY.organizationId]: organizationId, [QUERY.transactionIds]: ids.join(ID_LIST_SEPARATOR) };
          return this.list('transactions', PATHS.transactions, ENTITIES.transaction, query, params, call);
        }),
      );
    }
    checkDateRange(params);
    const query = {
      [QUERY.organizationId]: organizationId,
      [QUERY.fromDate]: params.fromDate,
      [QUERY.toDate]: params.toDate,
      [QUERY.dateField]: params.dateField,
    };
    return this.list('transactions', PATHS.transactions, ENTITIES.transaction, query, params, call);
  }

  /** All of an organization's bill payments, or the given ids (split into requests of at most 100). */
  billPayments(params: BillPaymentsParams, call?: CallOptions): AsyncIterable<Page<BillPayment>> {
    const organizationId = requireId('organizationId', params.organizationId);
    const chunks =
      params.paymentIds === undefined ? [undefined] : chunkIds('paymentIds', params.paymentIds, MAX_IDS_PER_REQUEST);
    return concatPages(
      chunks.map((ids) => () => {
        const query = { [QUERY.organizationId]: organizationId, [QUERY.paymentIds]: ids?.join(ID_LIST_SEPARATOR) };
        return this.list('billPayments', PATHS.billPayments, ENTITIES.billPayment, query, params, call);
      }),
    );
  }

  receipts(params: ReceiptsParams, call?: CallOptions): AsyncIterable<Page<Receipt>> {
    const query = { [QUERY.transactionId]: requireId('transactionId', params.transactionId) };
    return this.list('receipts', PATHS.receipts, ENTITIES.receipt, query, params, call);
  }

  /** The receipt's original file, as sent, with its Content-Type. */
  async receiptFile(receiptId: string, call?: CallOptions): Promise<ReceiptFile> {
    const path = PATHS.receiptFile(requireId('receiptId', receiptId));
    const result = await this.http.request<Buffer>({ method: 'GET', path, responseType: 'buffer', call });
    return { body: result.body, contentType: result.headers['content-type'] };
  }

  /** Refers a customer. Sent once: never retried automatically (only a 401 gets one token refresh). */
  async createLead(body: LeadRequest, call?: CallOptions): Promise<LeadCreated> {
    const result = await this.http.request<unknown>({
      method: 'POST',
      path: PATHS.leads,
      json: body,
      responseType: 'json',
      call,
    });
    // An empty answer still means "created": nothing to validate.
    const answer = result.body === '' ? {} : result.body;
    return validateRecord(ENTITIES.leadCreated, answer, { endpoint: PATHS.leads, request: result.request });
  }

  /** Public keys (JWKS) that sign Pliant's callbacks. */
  async signingKeys(call?: CallOptions): Promise<Jwks> {
    return this.getOne(PATHS.signingKeys, ENTITIES.signingKeys, call);
  }

  private async getOne<T>(path: string, check: RecordCheck<T>, call: CallOptions | undefined): Promise<T> {
    const result = await this.http.request<unknown>({ method: 'GET', path, responseType: 'json', call });
    if (result.status === EMPTY_LIST_STATUS) {
      throw new PliantApiError({
        endpoint: path,
        request: result.request,
        attempts: 1,
        waitedMs: 0,
        status: result.status,
        body: 'no content',
      });
    }
    return validateRecord(check, result.body, { endpoint: path, request: result.request });
  }

  private list<T>(
    name: ListName,
    path: string,
    check: RecordCheck<T>,
    filters: Query,
    options: ListOptions,
    call: CallOptions | undefined,
  ): AsyncIterable<Page<T>> {
    const limit = checkLimit(options.limit);
    const query: Query = {
      ...filters,
      [QUERY.sortBy]: options.sortBy ?? DEFAULT_SORT[name],
      [QUERY.sortDirection]: options.sortDirection ?? DEFAULT_SORT_DIRECTION,
      [QUERY.limit]: limit,
    };
    const shown = new URLSearchParams(
      Object.entries(query).flatMap(([k, v]): Array<[string, string]> => (v === undefined ? [] : [[k, String(v)]])),
    );
    return paginate((page) => this.fetchPage(path, { ...query, [QUERY.page]: page }, check, call), {
      limit,
      maxPages: this.maxPages,
      endpoint: path,
      request: `GET ${path}?${shown.toString()}`,
    });
  }

  private async fetchPage<T>(
    path: string,
    query: Query,
    check: RecordCheck<T>,
    call: CallOptions | undefined,
  ): Promise<FetchedPage<T>> {
    const result = await this.http.request<unknown>({ method: 'GET', path, query, responseType: 'json', call });
    // 204: the feature is disabled for that entity, i.e. an empty list.
    if (result.status === EMPTY_LIST_STATUS || result.body === '') return { records: [], hasNextPage: false };
    const context = { endpoint: path, request: result.request };
    // [A] The envelope is our assumption: a bare JSON array is taken as the records themselves.
    const body = Array.isArray(result.body) ? { [LIST_ENVELOPE.records]: result.body } : result.body;
    const envelope = validateRecord({ schema: listEnvelopeSchema, idField: undefined }, body, context);
    const items = envelope[LIST_ENVELOPE.records] as unknown[];
    const hasNextPage = envelope[LIST_ENVELOPE.hasNextPage];
    return {
      records: items.map((item) => validateRecord(check, item, context)),
      hasNextPage: typeof hasNextPage === 'boolean' ? hasNextPage : undefined,
    };
  }
}
