/** Parameters of the list methods, and their checks (caller mistakes throw early). */
import { MAX_PAGE_SIZE, type ACCOUNT_ENTRY_SORT_KEYS, type DATE_FIELDS, type SortDirection } from './endpoints.js';
import { isIsoDate } from './formats.js';
import type { ACCOUNT_ENTRY_TYPES, CARDHOLDER_STATUSES, Open, ORGANIZATION_STATUSES } from './known-values.js';

export interface ListOptions {
  /** Page size, 1…1000; defaults to 1000 to spend few requests of the rate limit. */
  limit?: number;
  /** Defaults per list in endpoints.ts (`DEFAULT_SORT`). */
  sortBy?: string;
  /** Defaults to `ASC`. */
  sortDirection?: SortDirection;
}

export interface DateRange {
  /** `YYYY-MM-DD`, inclusive, UTC. */
  fromDate?: string;
  /** `YYYY-MM-DD`, inclusive, UTC. */
  toDate?: string;
  /** Which date the range applies to; the API's default is `bookingDate`. */
  dateField?: Open<typeof DATE_FIELDS>;
}

export interface OrganizationsParams extends ListOptions {
  status?: Open<typeof ORGANIZATION_STATUSES>;
}

export interface CardholdersParams extends ListOptions {
  organizationId: string;
  status?: Open<typeof CARDHOLDER_STATUSES>;
}

export interface CardsParams extends ListOptions {
  organizationId: string;
}

export interface AccountEntriesParams extends Omit<ListOptions, 'sortBy'>, DateRange {
  organizationId: string;
  type?: Open<typeof ACCOUNT_ENTRY_TYPES>;
  /** Defaults to `index`. */
  sortBy?: Open<typeof ACCOUNT_ENTRY_SORT_KEYS>;
}

/** Either ids (split into requests of at most 100) or a date range, not both. */
export type TransactionsParams = ListOptions & { organizationId: string } & (
    | { transactionIds: readonly string[]; fromDate?: never; toDate?: never; dateField?: never }
    | (DateRange & { transactionIds?: undefined })
  );

export interface BillPaymentsParams extends ListOptions {
  organizationId: string;
  /** Split into requests of at most 100 ids. */
  paymentIds?: readonly string[];
}

export interface ReceiptsParams extends ListOptions {
  transactionId: string;
}

export function requireId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function checkLimit(limit: number | undefined): number {
  const value = limit ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return value;
}

export function checkDateRange(range: DateRange): void {
  for (const name of ['fromDate', 'toDate'] as const) {
    const value = range[name];
    if (value !== undefined && !isIsoDate(value)) {
      throw new RangeError(`${name} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  if (range.fromDate && range.toDate && range.fromDate > range.toDate) {
    throw new RangeError(`fromDate ${range.fromDate} is after toDate ${range.toDate}`);
  }
}

/** Unique, non-empty ids in chunks of `size`. */
export function chunkIds(name: string, ids: readonly string[], size: number): string[][] {
  const unique = [...new Set(ids.map((id) => requireId(`each of ${name}`, id)))];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += size) chunks.push(unique.slice(i, i + size));
  return chunks;
}
