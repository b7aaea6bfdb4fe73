// Column stores for the three big record kinds. Row numbers are global and
// only ever appended, so a row number doubles as "creation order".
import { grow, nextCapacity } from './columns.js';

/** Transaction flags (bit set in TransactionTable.flags). */
export const TF = {
  /** charged in a foreign currency; carries fxFee */
  fx: 1,
  /** merchant enrichment done: logo known */
  enriched: 2,
  /** an FX fee booked on the platform-fee card */
  fxFeeCharge: 4,
  receiptNeeded: 8,
  /** the one purchase of a single-use card */
  singleUse: 16,
} as const;

export class EntryTable {
  length = 0;
  private cap: number;
  org: Uint16Array;
  index: Int32Array;
  type: Uint8Array;
  bookingDay: Uint16Array;
  amount: Float64Array;
  balanceAfter: Float64Array;
  /** transaction row (type TRANSACTION) or bill-payment serial (BILL_PAYMENT) */
  ref: Int32Array;
  createdSec: Uint32Array;
  createdNs: Uint32Array;
  updatedSec: Uint32Array;
  updatedNs: Uint32Array;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.org = new Uint16Array(capacity);
    this.index = new Int32Array(capacity);
    this.type = new Uint8Array(capacity);
    this.bookingDay = new Uint16Array(capacity);
    this.amount = new Float64Array(capacity);
    this.balanceAfter = new Float64Array(capacity);
    this.ref = new Int32Array(capacity);
    this.createdSec = new Uint32Array(capacity);
    this.createdNs = new Uint32Array(capacity);
    this.updatedSec = new Uint32Array(capacity);
    this.updatedNs = new Uint32Array(capacity);
  }

  add(): number {
    if (this.length === this.cap) {
      const c = (this.cap = nextCapacity(this.cap, this.length + 1));
      this.org = grow(this.org, c);
      this.index = grow(this.index, c);
      this.type = grow(this.type, c);
      this.bookingDay = grow(this.bookingDay, c);
      this.amount = grow(this.amount, c);
      this.balanceAfter = grow(this.balanceAfter, c);
      this.ref = grow(this.ref, c);
      this.createdSec = grow(this.createdSec, c);
      this.createdNs = grow(this.createdNs, c);
      this.updatedSec = grow(this.updatedSec, c);
      this.updatedNs = grow(this.updatedNs, c);
    }
    return this.length++;
  }

  bytes(): number {
    return this.cap * (2 + 4 + 1 + 2 + 8 + 8 + 4 + 16);
  }
}

export class TransactionTable {
  length = 0;
  private cap: number;
  org: Uint16Array;
  card: Int32Array;
  type: Uint8Array;
  category: Uint8Array;
  merchant: Uint16Array;
  currency: Uint8Array;
  flags: Uint8Array;
  billing: Int32Array;
  txAmount: Int32Array;
  fxFee: Int32Array;
  bookingDay: Uint16Array;
  createdSec: Uint32Array;
  createdNs: Uint32Array;
  confirmedSec: Uint32Array;
  confirmedNs: Uint32Array;
  updatedSec: Uint32Array;
  updatedNs: Uint32Array;
  /** first receipt row of the transaction's receipt chain, -1 when none */
  receiptHead: Int32Array;
  /** receipts not deleted */
  receiptCount: Uint8Array;
  entry: Int32Array;
  /** the purchase a refund/chargeback/recharge/FX fee refers to, else -1 */
  related: Int32Array;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.org = new Uint16Array(capacity);
    this.card = new Int32Array(capacity);
    this.type = new Uint8Array(capacity);
    this.category = new Uint8Array(capacity);
    this.merchant = new Uint16Array(capacity);
    this.currency = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.billing = new Int32Array(capacity);
    this.txAmount = new Int32Array(capacity);
    this.fxFee = new Int32Array(capacity);
    this.bookingDay = new Uint16Array(capacity);
    this.createdSec = new Uint32Array(capacity);
    this.createdNs = new Uint32Array(capacity);
    this.confirmedSec = new Uint32Array(capacity);
    this.confirmedNs = new Uint32Array(capacity);
    this.updatedSec = new Uint32Array(capacity);
    this.updatedNs = new Uint32Array(capacity);
    this.receiptHead = new Int32Array(capacity);
    this.receiptCount = new Uint8Array(capacity);
    this.entry = new Int32Array(capacity);
    this.related = new Int32Array(capacity);
  }

  add(): number {
    if (this.length === this.cap) {
      const c = (this.cap = nextCapacity(this.cap, this.length + 1));
      this.org = grow(this.org, c);
      this.card = grow(this.card, c);
      this.type = grow(this.type, c);
      this.category = grow(this.category, c);
      this.merchant = grow(this.merchant, c);
      this.currency = grow(this.currency, c);
      this.flags = grow(this.flags, c);
      this.billing = grow(this.billing, c);
      this.txAmount = grow(this.txAmount, c);
      this.fxFee = grow(this.fxFee, c);
      this.bookingDay = grow(this.bookingDay, c);
      this.createdSec = grow(this.createdSec, c);
      this.createdNs = grow(this.createdNs, c);
      this.confirmedSec = grow(this.confirmedSec, c);
      this.confirmedNs = grow(this.confirmedNs, c);
      this.updatedSec = grow(this.updatedSec, c);
      this.updatedNs = grow(this.updatedNs, c);
      this.receiptHead = grow(this.receiptHead, c);
      this.receiptCount = grow(this.receiptCount, c);
      this.entry = grow(this.entry, c);
      this.related = grow(this.related, c);
    }
    return this.length++;
  }

  bytes(): number {
    return this.cap * (2 + 4 + 1 + 1 + 2 + 1 + 1 + 12 + 2 + 24 + 4 + 1 + 8);
  }
}

export class ReceiptTable {
  length = 0;
  private cap: number;
  tx: Int32Array;
  createdSec: Uint32Array;
  createdNs: Uint32Array;
  /** last change (replacement or removal) */
  changedSec: Uint32Array;
  mime: Uint8Array;
  /** bumped on every replacement: file name and bytes change with it */
  version: Uint8Array;
  deleted: Uint8Array;
  /** next receipt of the same transaction, -1 at the end */
  next: Int32Array;

  constructor(capacity = 1024) {
    this.cap = capacity;
    this.tx = new Int32Array(capacity);
    this.createdSec = new Uint32Array(capacity);
    this.createdNs = new Uint32Array(capacity);
    this.changedSec = new Uint32Array(capacity);
    this.mime = new Uint8Array(capacity);
    this.version = new Uint8Array(capacity);
    this.deleted = new Uint8Array(capacity);
    this.next = new Int32Array(capacity);
  }

  add(): number {
    if (this.length === this.cap) {
      const c = (this.cap = nextCapacity(this.cap, this.length + 1));
      this.tx = grow(this.tx, c);
      this.createdSec = grow(this.createdSec, c);
      this.createdNs = grow(this.createdNs, c);
      this.changedSec = grow(this.changedSec, c);
      this.mime = grow(this.mime, c);
      this.version = grow(this.version, c);
      this.deleted = grow(this.deleted, c);
      this.next = grow(this.next, c);
    }
    return this.length++;
  }

  bytes(): number {
    return this.cap * (4 + 12 + 3 + 4);
  }
}
