// Enum values as Pliant documents them (docs/pliant-api.md).
// Column stores keep the position in these lists, so the order is fixed.

export const ORGANIZATION_STATUSES = [
  'ONBOARDING_STARTED',
  'ONBOARDING_RISK_AND_COMPLIANCE',
  'ONBOARDING_MANDATES_AND_TERMS',
  'ACTIVE',
  'DEACTIVATED',
  'CANCELLED',
] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];

/** Seed 002 knows two account types; a hybrid organization is a CREDIT one that also tops up. */
export const ACCOUNT_TYPES = ['CREDIT', 'PREFUNDED'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];
export const ACCOUNT_KINDS = ['credit', 'prefunded', 'hybrid'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const PAYMENT_FREQUENCIES = ['DAILY', 'WEEKLY', 'BI_WEEKLY', 'MONTHLY', 'PREFUNDED'] as const;
export type PaymentFrequency = (typeof PAYMENT_FREQUENCIES)[number];

export const CARDHOLDER_STATUSES = ['INVITED', 'ACTIVE', 'INACTIVE'] as const;
export type CardholderStatus = (typeof CARDHOLDER_STATUSES)[number];

export const CARD_CONFIGS = [
  'PLIANT_BLUE',
  'PLIANT_BLACK',
  'PLIANT_VIRTUAL',
  'PLIANT_SINGLE_USE',
  'PLIANT_VIRTUAL_TRAVEL',
  'PLIANT_VIRTUAL_TRAVEL_CC_100',
  'PLIANT_VIRTUAL_TRAVEL_CC_120',
  'PLIANT_VIRTUAL_TRAVEL_CC_150',
  'PLIANT_VIRTUAL_TRAVEL_CC_180',
  'PLIANT_VIRTUAL_TRAVEL_CC_200',
  'PLIANT_VIRTUAL_TRAVEL_CC',
] as const;
/** The internal card each organization's fees are booked on (docs/pliant-api.md, `platformFee`). */
export const PLATFORM_FEE_CARD_CONFIG = 'PLIANT_PLATFORM_FEE';
/** Seed 003: organizations with their own card set see their own config names. */
export const CUSTOM_CARD_CONFIG_SUFFIX = '_VIRTUAL';

export const CARD_STATUSES = [
  'PENDING_ACTIVATION',
  'PENDING_ISSUANCE',
  'PENDING_REGISTRATION',
  'PENDING_VALIDITY',
  'REQUEST_APPROVED',
  'REQUESTED',
  'REQUEST_CANCELLED',
  'REQUEST_REJECTED',
  'ACTIVE',
  'LOCKED',
  'LOCKED_PIN',
  'EXPIRED',
  'TERMINATED',
  'TERMINATED_LOST',
  'TERMINATED_STOLEN',
] as const;
export type CardStatus = (typeof CARD_STATUSES)[number];

export const CARD_TYPES = ['PHYSICAL', 'VIRTUAL', 'SINGLE_USE'] as const;

export const TRANSACTION_TYPES = [
  'PURCHASE',
  'REFUND',
  'CHARGEBACK',
  'CASH_WITHDRAWAL',
  'RECHARGE',
  'STATUS_INQUIRY',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];
export const TX = {
  PURCHASE: 0,
  REFUND: 1,
  CHARGEBACK: 2,
  CASH_WITHDRAWAL: 3,
  RECHARGE: 4,
  STATUS_INQUIRY: 5,
} as const;

/** Every transaction served is BOOKED: the Sync scope sees booked money only (DECLINED, PENDING, … never appear). */

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
export const CATEGORY_OTHER = CATEGORIES.indexOf('OTHER');

export const ENTRY_TYPES = ['TRANSACTION', 'BILL_PAYMENT'] as const;
export const ENTRY_TRANSACTION = 0;
export const ENTRY_BILL_PAYMENT = 1;

export const BILL_PAYMENT_TYPES = [
  'BILL',
  'BILL_PAYMENT_REVERSAL',
  'DIRECT_DEBIT_REVERSAL',
  'TOPUP',
  'PAYOUT',
  'OTHER',
] as const;
export type BillPaymentType = (typeof BILL_PAYMENT_TYPES)[number];
export const PAYMENT_METHODS = ['DIRECT_DEBIT_CORE', 'DIRECT_DEBIT_B2B', 'WIRE_TRANSFER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const RECEIPT_MIME_TYPES = ['PDF', 'PNG', 'JPG'] as const;
export type ReceiptMimeType = (typeof RECEIPT_MIME_TYPES)[number];

export const RECEIPT_EVENT_TYPES = ['RECEIPT_CREATED', 'RECEIPT_UPDATED', 'RECEIPT_DELETED'] as const;
export type ReceiptEventType = (typeof RECEIPT_EVENT_TYPES)[number];
