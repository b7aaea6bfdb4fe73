/**
 * zod schemas of what Pliant sends. Rules (docs/pliant-api.md, "parse leniently"):
 * - `z.looseObject`: unknown fields are kept, never an error;
 * - enums are any string (the known values are in known-values.ts);
 * - only what the mirror truly needs is required; optional fields are `.nullish()`;
 * - no transforms: validation only checks, so callers keep the object the API
 *   sent as `raw` (see validate.ts, which returns the input itself).
 */
import { z } from 'zod';

import { LIST_ENVELOPE } from './endpoints.js';
import { isIsoDate, isIsoTimestamp, isoDate, isoTimestamp, moneySchema } from './formats.js';
import {
  ACCOUNT_ENTRY_TYPES,
  BILL_PAYMENT_METHODS,
  BILL_PAYMENT_STATUSES,
  BILL_PAYMENT_TYPES,
  CARD_CONFIGS,
  CARD_STATUSES,
  CARDHOLDER_STATUSES,
  ORGANIZATION_ACCOUNT_TYPES,
  ORGANIZATION_STATUSES,
  RECEIPT_MIME_TYPES,
  TRANSACTION_CATEGORIES,
  TRANSACTION_STATUSES,
  TRANSACTION_TYPES,
  type Open,
} from './known-values.js';

export * from './known-values.js';
export { isIsoDate, isIsoTimestamp, isoDate, isoTimestamp, moneySchema, toMinorUnits } from './formats.js';
export type { Money } from './formats.js';

/** Any string; typed with the known values so editors can suggest them. */
function openEnum<const T extends readonly string[]>(_known: T): z.ZodType<Open<T>> {
  return z.string();
}

const requiredId = z.string().min(1, { message: 'must be a non-empty id' });
const text = z.string().nullish();
const flag = z.boolean().nullish();
const timestamp = isoTimestamp.nullish();
const money = moneySchema.nullish();
/** Payment dates are documented without a format: accept a date or a timestamp. */
const dateOrTimestamp = z
  .string()
  .refine((s) => isIsoDate(s) || isIsoTimestamp(s), { message: 'must be a date YYYY-MM-DD or an ISO 8601 timestamp' })
  .nullish();

export const organizationSchema = z.looseObject({
  organizationId: requiredId,
  name: text,
  status: openEnum(ORGANIZATION_STATUSES).nullish(),
  accountType: openEnum(ORGANIZATION_ACCOUNT_TYPES).nullish(),
  country: text,
  creditLimit: money,
  availableLimit: money,
  partnersOrganizationId: text,
});

export const cardholderSchema = z.looseObject({
  cardholderId: requiredId,
  organizationId: text,
  salutation: text,
  firstName: text,
  lastName: text,
  email: text,
  phoneNumber: text,
  language: text,
  isOwner: flag,
  status: openEnum(CARDHOLDER_STATUSES).nullish(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const cardSchema = z.looseObject({
  cardId: requiredId,
  organizationId: text,
  cardholderId: text,
  cardConfig: openEnum(CARD_CONFIGS).nullish(),
  status: openEnum(CARD_STATUSES).nullish(),
  type: text,
  // Documented as a string of 4 digits; a number would still identify the card.
  refNum: z.union([z.string(), z.number()]).nullish(),
  label: text,
  platformFee: flag,
});

export const accountEntrySchema = z.looseObject({
  id: requiredId,
  organizationId: text,
  cardAccountId: text,
  index: z.number().int().min(0, { message: 'must be an integer ≥ 0' }),
  type: openEnum(ACCOUNT_ENTRY_TYPES),
  bookingDate: isoDate,
  amount: moneySchema,
  balanceAfter: money,
  transactionType: openEnum(TRANSACTION_TYPES).nullish(),
  transactionId: text,
  billPaymentType: openEnum(BILL_PAYMENT_TYPES).nullish(),
  billPaymentId: text,
  fxFee: money,
  createdAt: timestamp,
  updatedAt: timestamp,
});

// Only the merchant fields the mirror reads are checked; the rest is kept as sent.
export const merchantDataSchema = z.looseObject({
  displayName: text,
  pliantMerchantId: text,
});

export const merchantRawDataSchema = z.looseObject({
  merchantLegalName: text,
  mcc: z.union([z.string(), z.number()]).nullish(),
});

export const transactionSchema = z.looseObject({
  transactionId: requiredId,
  organizationId: text,
  cardId: text,
  cardholderId: text,
  cardAccountId: text,
  status: openEnum(TRANSACTION_STATUSES).nullish(),
  type: openEnum(TRANSACTION_TYPES).nullish(),
  category: openEnum(TRANSACTION_CATEGORIES).nullish(),
  billingAmount: money,
  transactionAmount: money,
  fxFee: money,
  createdAt: timestamp,
  authorizedAt: timestamp,
  confirmedAt: timestamp,
  updatedAt: timestamp,
  bookingDate: isoDate.nullish(),
  merchantData: merchantDataSchema.nullish(),
  merchantRawData: merchantRawDataSchema.nullish(),
  receiptIds: z.array(z.string()).nullish(),
  receiptNeeded: flag,
  authCode: text,
  platformFee: flag,
  cardConfig: openEnum(CARD_CONFIGS).nullish(),
});

export const billPaymentSchema = z.looseObject({
  paymentId: requiredId,
  publicPaymentId: z.union([z.string(), z.number()]).nullish(),
  organizationId: text,
  type: openEnum(BILL_PAYMENT_TYPES).nullish(),
  method: openEnum(BILL_PAYMENT_METHODS).nullish(),
  status: openEnum(BILL_PAYMENT_STATUSES).nullish(),
  amount: money,
  plannedPaymentDate: dateOrTimestamp,
  actualPaymentDate: dateOrTimestamp,
});

export const receiptSchema = z.looseObject({
  receiptId: requiredId,
  transactionId: text,
  createdAt: timestamp,
  fileName: text,
  mimeType: openEnum(RECEIPT_MIME_TYPES).nullish(),
});

/** Callback signing keys: Ed25519 JWKs (`kty: OKP`, `crv: Ed25519`). */
export const jwkSchema = z.looseObject({
  kty: z.string(),
  crv: text,
  x: text,
  kid: text,
  alg: text,
  use: text,
});
export const jwksSchema = z.looseObject({ keys: z.array(jwkSchema) });

/** OAuth2 client-credentials answer. */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: text,
  scope: text,
});

/** [A] Pliant's error body. Anything else is treated as opaque text. */
export const errorBodySchema = z.looseObject({
  code: z.string().min(1),
  message: z.string().nullish(),
});

/** The token endpoint's (Auth0's) error body. */
export const authErrorBodySchema = z.looseObject({
  error: z.string(),
  error_description: text,
});

/** [A] The lead-creation answer is undocumented: keep everything, require nothing. */
export const leadCreatedSchema = z.looseObject({
  leadId: z.union([z.string(), z.number()]).nullish(),
  id: z.union([z.string(), z.number()]).nullish(),
  partnersOrganizationId: text,
  status: text,
});

/** [A] `{"data":[…],"hasNextPage":true}`; field names come from endpoints.ts. */
export const listEnvelopeSchema = z.looseObject({
  [LIST_ENVELOPE.records]: z.array(z.unknown()),
  [LIST_ENVELOPE.hasNextPage]: z.boolean().nullish(),
});

export type Organization = z.infer<typeof organizationSchema>;
export type Cardholder = z.infer<typeof cardholderSchema>;
export type Card = z.infer<typeof cardSchema>;
export type AccountEntry = z.infer<typeof accountEntrySchema>;
export type Transaction = z.infer<typeof transactionSchema>;
export type BillPayment = z.infer<typeof billPaymentSchema>;
export type Receipt = z.infer<typeof receiptSchema>;
export type Jwk = z.infer<typeof jwkSchema>;
export type Jwks = z.infer<typeof jwksSchema>;
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
export type PliantErrorBody = z.infer<typeof errorBodySchema>;
export type LeadCreated = z.infer<typeof leadCreatedSchema>;

/** Each entity's schema and the field that identifies a record (for error messages). */
export const ENTITIES = {
  organization: { schema: organizationSchema, idField: 'organizationId' },
  cardholder: { schema: cardholderSchema, idField: 'cardholderId' },
  card: { schema: cardSchema, idField: 'cardId' },
  accountEntry: { schema: accountEntrySchema, idField: 'id' },
  transaction: { schema: transactionSchema, idField: 'transactionId' },
  billPayment: { schema: billPaymentSchema, idField: 'paymentId' },
  receipt: { schema: receiptSchema, idField: 'receiptId' },
  signingKeys: { schema: jwksSchema, idField: undefined },
  leadCreated: { schema: leadCreatedSchema, idField: undefined },
} as const;
