import { TRANSACTION_CATEGORIES } from '../../pliant/known-values.js';

/** Pliant's transaction categories (docs/pliant-api.md, Transaction). A config naming any other is refused. */
export const CATEGORIES = TRANSACTION_CATEGORIES;

export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

/** Card transaction types booked against an expense (or the fees account on the fee card). */
export const SPEND_TYPES = ['PURCHASE', 'REFUND', 'CHARGEBACK', 'RECHARGE'] as const;

/** Bill payment types: money between the bank and the card account, booked against the clearing account. */
export { BILL_PAYMENT_TYPES } from '../../pliant/known-values.js';
