import type { Config } from '../config.js';
import { LocalDirectoryStore } from './local-store.js';
import type { ReceiptsOptions } from './options.js';

/** The receipt store and settings of RECEIPTS_DIR, RECEIPTS_LOOKBACK_DAYS and RECEIPTS_MAX_BYTES. */
export function receiptsFromConfig(config: Config): ReceiptsOptions {
  return { store: new LocalDirectoryStore(config.receiptsDir), lookbackDays: config.receiptsLookbackDays, maxBytes: config.receiptsMaxBytes };
}
