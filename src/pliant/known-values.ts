/**
 * Enum values known today, for documentation and code generation only.
 * Pliant adds values without notice: schemas accept any string, never only these.
 */

/** A known value, or any other string the API may send tomorrow. */
export type Open<T extends readonly string[]> = T[number] | (string & {});

export const ORGANIZATION_STATUSES = [
  'ONBOARDING_STARTED',
  'ONBOARDING_RISK_AND_COMPLIANCE',
  'ONBOARDING_MANDATES_AND_TERMS',
  'ACTIVE',
  'DEACTIVATED',
  'CANCELLED',
] as const;

export const ORGANIZATION_ACCOUNT_TYPES = ['CREDIT', 'PREFUNDED'] as const;

export const CARDHOLDER_STATUSES = ['INVITED', 'ACTIVE', 'INACTIVE'] as const;

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

export const CARD_CONFIGS = [
  'PLIANT_BLUE',
  'PLIANT_BLACK',
  'PLIANT_VIRTUAL',
  'PLIANT_SINGLE_USE',
  'PLIANT_VIRTUAL_TRAVEL',
  'PLIANT_PLATFORM_FEE',
] as const;

export const ACCOUNT_ENTRY_TYPES = ['TRANSACTION', 'BILL_PAYMENT'] as const;

export const TRANSACTION_STATUSES = ['BOOKED', 'DECLINED', 'PENDING', 'REVERSED', 'CONFIRMED'] as const;

export const TRANSACTION_TYPES = [
  'PURCHASE',
  'REFUND',
  'CHARGEBACK',
  'CASH_WITHDRAWAL',
  'RECHARGE',
  'STATUS_INQUIRY',
] as const;

export const TRANSACTION_CATEGORIES = [
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

export const BILL_PAYMENT_TYPES = [
  'BILL',
  'BILL_PAYMENT_REVERSAL',
  'DIRECT_DEBIT_REVERSAL',
  'TOPUP',
  'PAYOUT',
  'OTHER',
] as const;

export const BILL_PAYMENT_METHODS = ['DIRECT_DEBIT_CORE', 'DIRECT_DEBIT_B2B', 'WIRE_TRANSFER'] as const;

/** Only `PAID` (booked) is documented [A]. */
export const BILL_PAYMENT_STATUSES = ['PAID'] as const;

export const RECEIPT_MIME_TYPES = ['PDF', 'PNG', 'JPG'] as const;

export const PLIANT_ERROR_CODES = [
  'NOT_ACTIVE_ORG',
  'ILLEGAL_ARGUMENTS_PROVIDED',
  'API_VERSION_NOT_SUPPORTED',
] as const;
