/** Public surface of the Pliant API client. */
export { PliantClient, DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT_MS } from './client.js';
export type { LeadRequest, PliantClientOptions, ReceiptFile } from './client.js';
export type { CallOptions, CallStats, ClientStats } from './http.js';
export type { Page } from './paginate.js';
export type {
  AccountEntriesParams,
  BillPaymentsParams,
  CardholdersParams,
  CardsParams,
  DateRange,
  ListOptions,
  OrganizationsParams,
  ReceiptsParams,
  TransactionsParams,
} from './params.js';
export { DEFAULT_RETRY } from './retry-policy.js';
export type { RetryOptions } from './retry-policy.js';
export { parseTokenQuota } from './auth.js';
export type { TokenQuotaBucket } from './auth.js';
export * from './errors.js';
export * from './endpoints.js';
export * from './schemas.js';
