// The whole data set as JSON lines, in a fixed order: what determinism tests
// hash, and a way to look at a data set without a server.
import type { World } from '../store/world.js';
import {
  cardholderJson,
  cardJson,
  entryJson,
  organizationJson,
  paymentJson,
  receiptJson,
  transactionJson,
} from './records.js';

export function* dumpDataset(w: World): Generator<string> {
  for (const o of w.orgs) yield organizationJson(o);
  for (const h of w.cardholders) yield cardholderJson(w, h);
  for (const c of w.cards) yield cardJson(w, c);
  for (const p of w.payments) yield paymentJson(w, p);
  for (let row = 0; row < w.entries.length; row++) yield entryJson(w, row);
  for (let row = 0; row < w.transactions.length; row++) yield transactionJson(w, row);
  for (let row = 0; row < w.receipts.length; row++) {
    if (!w.receipts.deleted[row]) yield receiptJson(w, row);
  }
}
