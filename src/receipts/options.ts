/** What the receipts stream and the callback processor need beyond the API client and the database. */
import type { ReceiptStore } from './store.js';

export interface ReceiptsOptions {
  /** Where files go (RECEIPTS_DIR by default). */
  store: ReceiptStore;
  /** Each sync re-lists the receipts of transactions booked within this many days (RECEIPTS_LOOKBACK_DAYS). */
  lookbackDays: number;
  /** Larger files are not stored; the row says why (RECEIPTS_MAX_BYTES). */
  maxBytes: number;
}
