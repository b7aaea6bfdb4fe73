import { accountEntriesStream } from './account-entries.js';
import { billPaymentsStream } from './bill-payments.js';
import { cardholdersStream } from './cardholders.js';
import { cardsStream } from './cards.js';
import { organizationsStream } from './organizations.js';
import { receiptsStream } from './receipts.js';
import { transactionsStream } from './transactions.js';
import type { Stream } from './types.js';

/**
 * The streams in the order a run takes them: cards before transactions (the platform-fee
 * flag), entries before transactions and bill payments (which are fetched for entries),
 * transactions before receipts (their `receiptIds` and `updatedAt` say which to list).
 */
export const STREAMS: readonly Stream<any>[] = [
  organizationsStream,
  cardholdersStream,
  cardsStream,
  accountEntriesStream,
  transactionsStream,
  billPaymentsStream,
  receiptsStream,
];
