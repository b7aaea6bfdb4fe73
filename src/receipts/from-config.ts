import type { Config } from '../config.js';
import { LocalDirectoryStore } from './local-store.js';
import type { ReceiptsOptions } from './options.js';

/** The receipt store and settings of RECEIPTS_DIR, RECEIPTS_LOOKBACK_DAYS, RECEIPTS_MAX_BYTES and RECEIPTS_AUDIT_PER_RUN. */
export function receiptsFromConfig(config: Config): ReceiptsOptions {
  return {
    store: new LocalDirectoryStore(config.receiptsDir),
    lookbackDays: config.receiptsLookbackDays,
    maxBytes: config.receiptsMaxBytes,
    auditPerRun: config.receiptsAuditPerRun,
  };
}
