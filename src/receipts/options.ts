/** What the receipts stream and the callback processor need beyond the API client and the database. */
import type { ReceiptStore } from './store.js';

export interface ReceiptsOptions {
  /** Where files go (RECEIPTS_DIR by default). */
  store: ReceiptStore;
  /** The audit's window: transactions booked within this many days, besides those needing a receipt (RECEIPTS_LOOKBACK_DAYS). */
  lookbackDays: number;
  /** Larger files are not stored; the row says why (RECEIPTS_MAX_BYTES). */
  maxBytes: number;
  /** Per organization and sync, listings of the window made without a change signal (RECEIPTS_AUDIT_PER_RUN). */
  auditPerRun: number;
}
