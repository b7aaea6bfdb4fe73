import { accountEntriesStream } from './account-entries.js';
import { billPaymentsStream } from './bill-payments.js';
import { cardholdersStream } from './cardholders.js';
import { cardsStream } from './cards.js';
import { organizationsStream } from './organizations.js';
import { receiptsStream } from './receipts.js';
import { transactionsStream } from './transactions.js';
import type { SomeStream } from './types.js';

/** Every stream. The order a run takes them comes from their `scope` and `after` (sync/stream-order.ts). */
export const STREAMS: readonly SomeStream[] = [
  organizationsStream,
  cardholdersStream,
  cardsStream,
  accountEntriesStream,
  transactionsStream,
  billPaymentsStream,
  receiptsStream,
];
