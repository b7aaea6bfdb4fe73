/**
 * Mirror rows for export tests, inserted with plain SQL as the sync would leave them: a small
 * builder keeps each card account's index and running balance, so the data reconciles unless
 * a test breaks it on purpose. Every timestamp is fixed, so exports are byte-stable.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

import { testClient } from '../helpers/db.js';

/** A deterministic, random-looking UUID for (kind, n): references differ from their first characters on. */
export function uuid(kind: string, n: number | string): string {
  const h = createHash('sha256').update(`${kind}:${n}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Row = Record<string, string | number | bigint | boolean | null | string[] | object>;

export interface Mirror {
  organizations: Row[];
  cardholders: Row[];
  cards: Row[];
  transactions: Row[];
  bill_payments: Row[];
  account_entries: Row[];
  receipts: Row[];
}

export interface SpendInput {
  date: string;
  card: string;
  /** Signed EUR cents as they hit the card account: negative = money out. */
  amount: number;
  type?: string;
  merchant?: string | null;
  category?: string | null;
  foreign?: { amount: number; currency: string };
  receipts?: number;
  /** Information only on the entry (Pliant collects it as its own fee-card transaction). */
  fxFee?: number;
  /** Created this many days after the booking date (a late entry: index order ≠ date order). */
  lateDays?: number;
}

const at = (date: string, hour = 18): string => `${date}T${String(hour).padStart(2, '0')}:00:00Z`;

export class MirrorBuilder {
  readonly rows: Mirror = {
    organizations: [],
    cardholders: [],
    cards: [],
    transactions: [],
    bill_payments: [],
    account_entries: [],
    receipts: [],
  };
  private readonly accounts = new Map<string, { index: number; balance: bigint }>();
  private serial = 0;

  constructor(
    readonly organizationId: string,
    readonly name: string,
    readonly cardAccountId = uuid('card-account', organizationId),
  ) {
    this.rows.organizations.push({
      id: organizationId,
      name,
      status: 'ACTIVE',
      account_type: 'CREDIT',
      country: 'DE',
      currency: 'EUR',
      raw: { id: organizationId, name },
    });
  }

  cardholder(key: string, firstName: string, lastName: string, email: string): string {
    const id = uuid('cardholder', `${this.organizationId}:${key}`);
    this.rows.cardholders.push({
      id,
      organization_id: this.organizationId,
      first_name: firstName,
      last_name: lastName,
      email,
      status: 'ACTIVE',
      raw: { cardholderId: id },
    });
    return id;
  }

  card(key: string, cardholderId: string | null, refNum: string, platformFee = false): string {
    const id = uuid('card', `${this.organizationId}:${key}`);
    this.rows.cards.push({
      id,
      organization_id: this.organizationId,
      cardholder_id: cardholderId,
      card_config: platformFee ? 'PLIANT_PLATFORM_FEE' : 'PLIANT_VIRTUAL',
      status: 'ACTIVE',
      ref_num: refNum,
      platform_fee: platformFee,
      raw: { cardId: id },
    });
    return id;
  }

  /** A card transaction and its account entry. Returns the entry id. */
  spend(input: SpendInput, cardAccountId = this.cardAccountId): string {
    const n = ++this.serial;
    const txId = uuid('transaction', `${this.organizationId}:${n}`);
    const card = this.rows.cards.find((c) => c.id === input.card);
    const type = input.type ?? 'PURCHASE';
    const created = at(addDays(input.date, input.lateDays ?? 0), 9);
    this.rows.transactions.push({
      id: txId,
      organization_id: this.organizationId,
      card_id: input.card,
      cardholder_id: (card?.cardholder_id as string | null) ?? null,
      card_account_id: cardAccountId,
      type,
      status: 'BOOKED',
      category: input.category === undefined ? 'OTHER' : input.category,
      billing_amount: BigInt(input.amount),
      billing_currency: 'EUR',
      transaction_amount: BigInt(input.foreign ? Math.sign(input.amount) * input.foreign.amount : input.amount),
      transaction_currency: input.foreign?.currency ?? 'EUR',
      fx_fee_amount: input.fxFee === undefined ? null : BigInt(-input.fxFee),
      fx_fee_currency: input.fxFee === undefined ? null : 'EUR',
      merchant_name: input.merchant === undefined ? 'Merchant' : input.merchant,
      merchant_legal_name: null,
      platform_fee: card?.platform_fee === true,
      booking_date: input.date,
      created_at: at(input.date, 7),
      authorized_at: at(input.date, 7),
      updated_at: created,
      raw: { transactionId: txId },
      first_seen_at: created,
      last_changed_at: created,
    });
    for (let r = 1; r <= (input.receipts ?? 0); r++) {
      const id = uuid('receipt', `${txId}:${r}`);
      this.rows.receipts.push({
        id,
        transaction_id: txId,
        organization_id: this.organizationId,
        file_name: `beleg-${r}.pdf`,
        mime_type: 'PDF',
        created_at: at(input.date, 10 + r),
        raw: { receiptId: id },
      });
    }
    return this.entry(
      {
        type: 'TRANSACTION',
        date: input.date,
        amount: input.amount,
        transactionType: type,
        transactionId: txId,
        fxFee: input.fxFee ?? null,
        created,
      },
      cardAccountId,
    );
  }

  /** A bill payment (bill, top-up, payout, reversal) and its entry; amount signed as it hits the card account. */
  payment(date: string, type: string, amount: number, cardAccountId = this.cardAccountId): string {
    const n = ++this.serial;
    const id = uuid('payment', `${this.organizationId}:${n}`);
    this.rows.bill_payments.push({
      id,
      public_payment_id: `PAY-${String(n).padStart(5, '0')}`,
      organization_id: this.organizationId,
      type,
      method: type === 'TOPUP' || type === 'PAYOUT' ? 'WIRE_TRANSFER' : 'DIRECT_DEBIT_CORE',
      status: 'PAID',
      amount: BigInt(amount),
      currency: 'EUR',
      planned_payment_date: date,
      actual_payment_date: date,
      raw: { paymentId: id },
      first_seen_at: at(date),
      last_changed_at: at(date),
    });
    return this.entry(
      { type: 'BILL_PAYMENT', date, amount, billPaymentType: type, billPaymentId: id, created: at(date) },
      cardAccountId,
    );
  }

  /** A bare entry (for types the exporter does not know). */
  entry(
    e: {
      type: string;
      date: string;
      amount: number;
      transactionType?: string;
      transactionId?: string;
      billPaymentType?: string;
      billPaymentId?: string;
      fxFee?: number | null;
      created: string;
    },
    cardAccountId = this.cardAccountId,
  ): string {
    const state = this.accounts.get(cardAccountId) ?? { index: 0, balance: 0n };
    state.index += 1;
    state.balance += BigInt(e.amount);
    this.accounts.set(cardAccountId, state);
    const id = uuid('entry', `${this.organizationId}:${cardAccountId}:${state.index}`);
    this.rows.account_entries.push({
      id,
      organization_id: this.organizationId,
      card_account_id: cardAccountId,
      entry_index: BigInt(state.index),
      type: e.type,
      booking_date: e.date,
      amount: BigInt(e.amount),
      currency: 'EUR',
      balance_after: state.balance,
      transaction_type: e.transactionType ?? null,
      transaction_id: e.transactionId ?? null,
      bill_payment_type: e.billPaymentType ?? null,
      bill_payment_id: e.billPaymentId ?? null,
      fx_fee_amount: e.fxFee === undefined || e.fxFee === null ? null : BigInt(-e.fxFee),
      fx_fee_currency: e.fxFee === undefined || e.fxFee === null ? null : 'EUR',
      created_at: e.created,
      updated_at: e.created,
      raw: { id, index: state.index },
      first_seen_at: e.created,
      last_changed_at: e.created,
    });
    return id;
  }
}

export function addDays(date: string, days: number): string {
  const d = new Date(date + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const TABLES: (keyof Mirror)[] = [
  'organizations',
  'cardholders',
  'cards',
  'transactions',
  'bill_payments',
  'account_entries',
  'receipts',
];

/** Inserts the rows, table by table, in one transaction. */
export async function insertMirror(url: string, ...mirrors: Mirror[]): Promise<void> {
  const client = testClient(url);
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const table of TABLES) {
      for (const mirror of mirrors) {
        for (const row of mirror[table]) {
          const columns = Object.keys(row);
          const values = columns.map((c) => {
            const v = row[c];
            if (typeof v === 'bigint') return v.toString();
            if (v !== null && typeof v === 'object' && !Array.isArray(v)) return JSON.stringify(v);
            return v;
          });
          await client.query(
            `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
            values,
          );
        }
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = testClient(url);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
