// The simulator's whole state: records, the clock, and the only functions that
// change them. Every change goes through here so that balances, indexes,
// updatedAt and the change version stay consistent.
import {
  ENTRY_BILL_PAYMENT,
  ENTRY_TRANSACTION,
  type BillPaymentType,
  type PaymentMethod,
  type ReceiptEventType,
} from '../model/enums.js';
import type { BillPayment, Card, Cardholder, Lead, Organization } from '../model/records.js';
import { IdCodec, IdKind } from '../util/ids.js';
import { hash2 } from '../util/prng.js';
import { DAY_SECONDS, digitsFor, truncNs, ymdOfDay } from '../util/time.js';
import { EntryTable, ReceiptTable, TransactionTable } from './tables.js';

/** Column salt for digitsFor(): all timestamps of one record share a precision. */
export const DIGITS = { entry: 1, transaction: 2, receipt: 3, other: 4 } as const;

export interface ReceiptEvent {
  type: ReceiptEventType;
  org: number;
  receipt: number;
  tx: number;
  sec: number;
  ns: number;
}

export interface OrganizationEvent {
  /** ORGANIZATION_ADDED, ORGANIZATION_STATE_CHANGED and the other onboarding callbacks (docs/pliant-api.md, Leads) */
  type: string;
  org: number;
  sec: number;
  ns: number;
  /** entity fields of the callback (default: the organization's status) */
  fields?: Record<string, unknown>;
  /** sent this many times (at least once means sometimes twice) */
  copies?: number;
}

export type WorldEvent = ReceiptEvent | OrganizationEvent;

export interface TransactionSpec {
  org: Organization;
  card: number;
  type: number;
  category: number;
  merchant: number;
  currency: number;
  /** EUR cents, signed: what hits the card account */
  billing: number;
  /** merchant-currency minor units, signed */
  txAmount: number;
  /** EUR cents (positive) for FX transactions, else 0 */
  fxFee: number;
  flags: number;
  bookingDay: number;
  authSec: number;
  /** when the entry is created (booking instant) */
  bookSec: number;
  bookNs: number;
  related: number;
}

export interface PaymentSpec {
  org: Organization;
  type: BillPaymentType;
  method: PaymentMethod;
  amount: number;
  plannedDay: number;
  actualDay: number;
  sec: number;
  ns: number;
}

export interface WorldOptions {
  seed: number;
  nowSec: number;
  /** expected number of entries, to size the column stores once */
  capacity?: number;
}

export class World {
  readonly seed: number;
  readonly ids: IdCodec;
  /** the clock: data exists for every day before floor(nowSec / day) */
  nowSec: number;
  startDay = 0;
  orgs: Organization[] = [];
  cardholders: Cardholder[] = [];
  cards: Card[] = [];
  payments: BillPayment[] = [];
  leads: Lead[] = [];
  entries: EntryTable;
  transactions: TransactionTable;
  receipts: ReceiptTable;
  /** bumps on every change; caches of sorted row lists compare against it */
  version = 0;
  /** set while time advances after generation: receipt and org changes become callbacks */
  onEvent: ((e: WorldEvent) => void) | null = null;

  constructor(opts: WorldOptions) {
    this.seed = opts.seed >>> 0;
    this.ids = new IdCodec(this.seed);
    this.nowSec = opts.nowSec;
    const cap = Math.max(1024, opts.capacity ?? 0);
    this.entries = new EntryTable(cap);
    this.transactions = new TransactionTable(cap);
    this.receipts = new ReceiptTable(Math.ceil(cap * 0.9));
  }

  get today(): number {
    return Math.floor(this.nowSec / DAY_SECONDS);
  }

  // ---- lookups by id (O(1): ids encode their serial) ----

  orgById(id: string): Organization | undefined {
    const s = this.ids.decode(IdKind.organization, id);
    return s >= 0 ? this.orgs[s] : undefined;
  }

  transactionRow(id: string): number {
    const s = this.ids.decode(IdKind.transaction, id);
    return s >= 0 && s < this.transactions.length ? s : -1;
  }

  receiptRow(id: string): number {
    const s = this.ids.decode(IdKind.receipt, id);
    return s >= 0 && s < this.receipts.length ? s : -1;
  }

  paymentBySerialId(id: string): BillPayment | undefined {
    const s = this.ids.decode(IdKind.payment, id);
    return s >= 0 ? this.payments[s] : undefined;
  }

  entryId(row: number): string {
    return this.ids.encode(IdKind.entry, row);
  }

  transactionId(row: number): string {
    return this.ids.encode(IdKind.transaction, row);
  }

  receiptId(row: number): string {
    return this.ids.encode(IdKind.receipt, row);
  }

  // ---- time ----

  /**
   * The organization's next createdAt: at or after the proposal, strictly after
   * the previous entry (so createdAt order is index order), truncated to the
   * precision this row is written with.
   */
  private claimCreated(org: Organization, row: number, sec: number, ns: number): [number, number] {
    const digits = digitsFor(row, DIGITS.entry);
    let s = sec;
    let n = truncNs(ns, digits);
    if (s < org.lastCreatedSec || (s === org.lastCreatedSec && n <= org.lastCreatedNs)) {
      const step = digits === 0 ? 1e9 : Math.round(1e9 / Math.pow(10, digits));
      s = org.lastCreatedSec;
      n = truncNs(org.lastCreatedNs, digits) + step;
      if (n >= 1e9) {
        s += 1;
        n -= 1e9;
      }
    }
    org.lastCreatedSec = s;
    org.lastCreatedNs = n;
    return [s, n];
  }

  // ---- booking ----

  private addEntry(
    org: Organization,
    type: number,
    ref: number,
    bookingDay: number,
    amount: number,
    sec: number,
    ns: number,
  ): number {
    const e = this.entries;
    const row = e.add();
    const [cs, cn] = this.claimCreated(org, row, sec, ns);
    org.balance += amount;
    org.lastIndex += 1;
    e.org[row] = org.serial;
    e.index[row] = org.lastIndex;
    e.type[row] = type;
    e.bookingDay[row] = bookingDay;
    e.amount[row] = amount;
    e.balanceAfter[row] = org.balance;
    e.ref[row] = ref;
    e.createdSec[row] = cs;
    e.createdNs[row] = cn;
    e.updatedSec[row] = cs;
    e.updatedNs[row] = cn;
    org.entries.push(row);
    this.version++;
    return row;
  }

  bookTransaction(spec: TransactionSpec): number {
    const t = this.transactions;
    const row = t.add();
    const entry = this.addEntry(
      spec.org,
      ENTRY_TRANSACTION,
      row,
      spec.bookingDay,
      spec.billing,
      spec.bookSec,
      spec.bookNs,
    );
    const confirmedSec = this.entries.createdSec[entry]!;
    const confirmedNs = this.entries.createdNs[entry]!;
    const digits = digitsFor(row, DIGITS.transaction);
    // authorization happens before the booking, never after it
    const authSec = Math.min(spec.authSec, confirmedSec - 1);
    t.org[row] = spec.org.serial;
    t.card[row] = spec.card;
    t.type[row] = spec.type;
    t.category[row] = spec.category;
    t.merchant[row] = spec.merchant;
    t.currency[row] = spec.currency;
    t.flags[row] = spec.flags;
    t.billing[row] = spec.billing;
    t.txAmount[row] = spec.txAmount;
    t.fxFee[row] = spec.fxFee;
    t.bookingDay[row] = spec.bookingDay;
    t.createdSec[row] = authSec;
    t.createdNs[row] = truncNs(hash2(row, 0x7a) % 1e9, digits);
    t.confirmedSec[row] = confirmedSec;
    t.confirmedNs[row] = truncNs(confirmedNs, digits);
    t.updatedSec[row] = confirmedSec;
    t.updatedNs[row] = truncNs(confirmedNs, digits);
    t.receiptHead[row] = -1;
    t.receiptCount[row] = 0;
    t.entry[row] = entry;
    t.related[row] = spec.related;
    spec.org.transactions.push(row);
    return row;
  }

  bookPayment(spec: PaymentSpec): BillPayment {
    const serial = this.payments.length;
    const year = ymdOfDay(spec.actualDay).year;
    const p: BillPayment = {
      serial,
      id: this.ids.encode(IdKind.payment, serial),
      publicPaymentId: `PP-${year}-${String(100000 + serial * 7).padStart(7, '0')}`,
      org: spec.org.serial,
      type: spec.type,
      method: spec.method,
      amount: spec.amount,
      plannedDay: spec.plannedDay,
      actualDay: spec.actualDay,
      entry: -1,
    };
    this.payments.push(p);
    spec.org.payments.push(serial);
    p.entry = this.addEntry(spec.org, ENTRY_BILL_PAYMENT, serial, spec.actualDay, spec.amount, spec.sec, spec.ns);
    return p;
  }

  // ---- changes after booking ----

  /** Moves updatedAt of a transaction (never backwards). */
  private touchTransaction(tx: number, sec: number, ns: number): void {
    const t = this.transactions;
    const n = truncNs(ns, digitsFor(tx, DIGITS.transaction));
    if (sec > t.updatedSec[tx]! || (sec === t.updatedSec[tx]! && n > t.updatedNs[tx]!)) {
      t.updatedSec[tx] = sec;
      t.updatedNs[tx] = n;
    }
  }

  /** Merchant data enriched later: the logo appears; transaction and entry change. */
  enrich(tx: number, sec: number, ns: number): void {
    const t = this.transactions;
    t.flags[tx] = t.flags[tx]! | 2;
    this.touchTransaction(tx, sec, ns);
    const e = t.entry[tx]!;
    const n = truncNs(ns, digitsFor(e, DIGITS.entry));
    if (sec > this.entries.updatedSec[e]! || (sec === this.entries.updatedSec[e]! && n > this.entries.updatedNs[e]!)) {
      this.entries.updatedSec[e] = sec;
      this.entries.updatedNs[e] = n;
    }
    this.version++;
  }

  addReceipt(tx: number, sec: number, ns: number, mime: number): number {
    const r = this.receipts;
    const row = r.add();
    const n = truncNs(ns, digitsFor(row, DIGITS.receipt));
    r.tx[row] = tx;
    r.createdSec[row] = sec;
    r.createdNs[row] = n;
    r.changedSec[row] = sec;
    r.mime[row] = mime;
    r.version[row] = 0;
    r.deleted[row] = 0;
    // append at the end of the chain so receiptIds keep upload order
    r.next[row] = -1;
    const t = this.transactions;
    let head = t.receiptHead[tx]!;
    if (head < 0) t.receiptHead[tx] = row;
    else {
      while (r.next[head]! >= 0) head = r.next[head]!;
      r.next[head] = row;
    }
    t.receiptCount[tx] = t.receiptCount[tx]! + 1;
    this.touchTransaction(tx, sec, n);
    this.version++;
    this.emitReceipt('RECEIPT_CREATED', row, sec, n);
    return row;
  }

  replaceReceipt(row: number, sec: number, ns: number, mime: number): void {
    const r = this.receipts;
    r.version[row] = (r.version[row]! + 1) & 0xff;
    r.mime[row] = mime;
    r.changedSec[row] = sec;
    this.touchTransaction(r.tx[row]!, sec, ns);
    this.version++;
    this.emitReceipt('RECEIPT_UPDATED', row, sec, ns);
  }

  deleteReceipt(row: number, sec: number, ns: number): void {
    const r = this.receipts;
    if (r.deleted[row]) return;
    r.deleted[row] = 1;
    r.changedSec[row] = sec;
    const tx = r.tx[row]!;
    this.transactions.receiptCount[tx] = this.transactions.receiptCount[tx]! - 1;
    this.touchTransaction(tx, sec, ns);
    this.version++;
    this.emitReceipt('RECEIPT_DELETED', row, sec, ns);
  }

  /** Live receipt rows of a transaction, in upload order. */
  receiptsOf(tx: number): number[] {
    const out: number[] = [];
    const r = this.receipts;
    for (let row = this.transactions.receiptHead[tx]!; row >= 0; row = r.next[row]!) {
      if (!r.deleted[row]) out.push(row);
    }
    return out;
  }

  private emitReceipt(type: ReceiptEventType, receipt: number, sec: number, ns: number): void {
    if (!this.onEvent) return;
    const tx = this.receipts.tx[receipt]!;
    this.onEvent({ type, org: this.transactions.org[tx]!, receipt, tx, sec, ns });
  }

  emitOrganization(type: string, org: number, sec: number, fields?: Record<string, unknown>, copies = 1): void {
    this.version++;
    if (this.onEvent) this.onEvent({ type, org, sec, ns: 0, ...(fields ? { fields } : {}), copies });
  }
}
