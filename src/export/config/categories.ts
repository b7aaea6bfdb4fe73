/** Pliant's transaction categories (shared/pliant-api.md). A config naming any other is refused. */
export const CATEGORIES = [
  'ADVERTISING_AND_MARKETING',
  'COMPUTING_AND_SOFTWARE',
  'EDUCATION_AND_TRAINING',
  'ELECTRONICS_AND_IT_EQUIPMENT',
  'ENTERTAINMENT_AND_WELLNESS',
  'FOOD_AND_DRINKS',
  'GIFTS_AND_VOUCHERS',
  'MATERIALS_AND_PACKAGING',
  'OFFICE_SUPPLIES_AND_EQUIPMENT',
  'SERVICES',
  'TRAVEL_AND_ACCOMMODATION',
  'OTHER',
] as const;

export type Category = (typeof CATEGORIES)[number];

export const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);

/** Card transaction types booked against an expense (or the fees account on the fee card). */
export const SPEND_TYPES = ['PURCHASE', 'REFUND', 'CHARGEBACK', 'RECHARGE'] as const;

/** Bill payment types: money between the bank and the card account, booked against the clearing account. */
export const BILL_PAYMENT_TYPES = ['BILL', 'BILL_PAYMENT_REVERSAL', 'DIRECT_DEBIT_REVERSAL', 'TOPUP', 'PAYOUT', 'OTHER'] as const;
