/**
 * Every detail of the Pliant API that docs/pliant-api.md marks as an
 * assumption [A] (and the confirmed [C] constants beside them) lives here, so that
 * adapting to the live sandbox is a change to this one file.
 * Entity field spellings are the exception: they live in schemas.ts.
 */

export const PLIANT_ENVS = ['production', 'sandbox', 'simulator'] as const;
export type PliantEnv = (typeof PLIANT_ENVS)[number];

export interface PliantEnvDefaults {
  apiUrl: string;
  authUrl: string;
  audience: string;
  /** Only the bundled simulator has default credentials. */
  clientId?: string;
  clientSecret?: string;
}

/** URL defaults per PLIANT_ENV [C], plus the bundled simulator's. */
export const ENV_DEFAULTS: Readonly<Record<PliantEnv, Readonly<PliantEnvDefaults>>> = {
  production: {
    apiUrl: 'https://partner-api.getpliant.com/api',
    authUrl: 'https://infinnityprodinternal.eu.auth0.com/oauth/token',
    audience: 'api.getpliant.com/api/integration',
  },
  sandbox: {
    apiUrl: 'https://sandbox.partner-api.getpliant.com/api',
    authUrl: 'https://infinnitystaginginternal.eu.auth0.com/oauth/token',
    audience: 'api.staging.v2.infinnitytest.com/api/integration',
  },
  simulator: {
    apiUrl: 'http://127.0.0.1:4010/api',
    authUrl: 'http://127.0.0.1:4010/oauth/token',
    audience: 'simulator',
    clientId: 'simulator',
    clientSecret: 'simulator',
  },
};

/** [C] 900 requests per 5 minutes per IP; PLIANT_RATE_LIMIT defaults to this. */
export const DEFAULT_RATE_LIMIT = { requests: 900, perSeconds: 300 } as const;

/** [C] Sent on every API call. */
export const API_VERSION_HEADER = 'Pliant-API-Version';
export const API_VERSION = '2.1.0';

/** [C] Every token response carries the remaining token quota. */
export const TOKEN_QUOTA_HEADER = 'Auth0-Client-Quota-Limit';
export const TOKEN_GRANT_TYPE = 'client_credentials';

/** [C] `limit` defaults to 100 on the server, at most 1000. We ask for the most. */
export const MAX_PAGE_SIZE = 1000;
/** [A] At most this many ids per `transactionIds` (and `paymentIds`) list. */
export const MAX_IDS_PER_REQUEST = 100;
/** [A] Separator of id lists in a query parameter. */
export const ID_LIST_SEPARATOR = ',';

/** [C] page is 0-based. */
export const FIRST_PAGE = 0;

/** [A] Query parameter names. */
export const QUERY = {
  page: 'page',
  limit: 'limit',
  sortBy: 'sortBy',
  sortDirection: 'sortDirection',
  organizationId: 'organizationId',
  status: 'status',
  type: 'type',
  fromDate: 'fromDate',
  toDate: 'toDate',
  dateField: 'dateField',
  transactionIds: 'transactionIds',
  paymentIds: 'paymentIds',
  transactionId: 'transactionId',
} as const;

/** [C] */
export const SORT_DIRECTIONS = ['ASC', 'DESC'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

/** [C] semantics, [A] names: which date `fromDate`/`toDate` filter on. */
export const DATE_FIELDS = ['bookingDate', 'createdAt', 'updatedAt'] as const;
/** [C] semantics, [A] names: sort keys of account entries. */
export const ACCOUNT_ENTRY_SORT_KEYS = ['index', 'bookingDate', 'createdAt'] as const;

/** [A] Paths, relative to the API base. */
export const PATHS = {
  organizations: '/organizations',
  organization: (organizationId: string) => `/organizations/${encodeURIComponent(organizationId)}`,
  cardholders: '/cardholders',
  cards: '/cards',
  accountEntries: '/account-entries',
  transactions: '/transactions',
  billPayments: '/payments',
  receipts: '/receipts',
  receiptFile: (receiptId: string) => `/receipts/${encodeURIComponent(receiptId)}/original`,
  leads: '/leads',
  signingKeys: '/partner-management/signing/jwks.json',
} as const;

/**
 * [A] Default sort of each list. Without `sortBy` lists come newest first, which
 * shifts offsets as rows arrive; an ascending, append-only key means a shifted row
 * is read twice, never skipped. Only the account-entry keys are documented; the
 * others are our guess.
 */
export const DEFAULT_SORT = {
  organizations: 'createdAt',
  cardholders: 'createdAt',
  cards: 'createdAt',
  accountEntries: 'index',
  transactions: 'createdAt',
  billPayments: 'createdAt',
  receipts: 'createdAt',
} as const satisfies Record<string, string>;
export const DEFAULT_SORT_DIRECTION: SortDirection = 'ASC';

/** [A] List response envelope: `{"data":[…],"hasNextPage":true}`. */
export const LIST_ENVELOPE = { records: 'data', hasNextPage: 'hasNextPage' } as const;

/** [C] 204 means "feature disabled for that entity": an empty list. */
export const EMPTY_LIST_STATUS = 204;

/**
 * [A] Where a refusal of POST /leads names the field: Pliant's error `message` starts with it
 * (`country: …`), as the simulator answers.
 */
export const LEAD_ERROR_FIELD = /^([A-Za-z_][\w.[\]]*):\s/;
