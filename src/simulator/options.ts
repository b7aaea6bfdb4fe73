// Options of a running simulator, with the defaults in the README.
import type { CallbackRetry } from './callbacks/delivery.js';
import type { FaultRule } from './faults.js';
import type { DatasetOptions } from './generator/index.js';
import type { RateLimitOptions } from './server/rate-limit.js';
import type { TokenQuotaOptions } from './server/token-quota.js';

export interface SimulatorOptions extends DatasetOptions {
  /** default 127.0.0.1 */
  host?: string;
  /** 0 picks a free port; default 0 here, 4010 in the CLI */
  port?: number;
  /** OAuth client credentials and audience; all default to "simulator" */
  clientId?: string;
  clientSecret?: string;
  audience?: string;
  /** the real API limit per client address; default 900 per 300 s */
  rateLimit?: RateLimitOptions;
  /** token requests allowed per client; default 42 per hour, 100 per day */
  tokenQuota?: TokenQuotaOptions;
  /** token lifetime; default 86400 */
  tokenTtlSeconds?: number;
  /** accepted Pliant-API-Version values; default ["2.1.0"] */
  apiVersions?: string[];
  /** where receipt (and onboarding) callbacks go; none by default */
  callbackUrl?: string | null;
  callbackRetry?: Partial<CallbackRetry>;
  faults?: FaultRule[];
  /** one line per request, e.g. console.error */
  log?: (line: string) => void;
}

export const SIMULATOR_CREDENTIALS = {
  clientId: 'simulator',
  clientSecret: 'simulator',
  audience: 'simulator',
} as const;
export const SUPPORTED_API_VERSIONS = ['2.1.0'] as const;
export const DEFAULT_TOKEN_TTL_SECONDS = 86400;
