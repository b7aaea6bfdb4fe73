// Wire JSON of every record, built per record on demand. The hot ones (entries,
// transactions) are assembled as strings: no intermediate objects per row.
import { CURRENCIES } from '../model/currencies.js';
import {
  CATEGORIES,
  ENTRY_TRANSACTION,
  ENTRY_TYPES,
  RECEIPT_MIME_TYPES,
  TRANSACTION_TYPES,
  TX,
} from '../model/enums.js';
import { MERCHANTS, merchantSlug } from '../model/merchants.js';
import type { BillPayment, Card, Cardholder, Organization } from '../model/records.js';
import { TF } from '../store/tables.js';
import { DIGITS, type World } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import { hash2 } from '../util/prng.js';
import { DAY_SECONDS, digitsFor, formatDate, formatInstant } from '../util/time.js';

const q = JSON.stringify;

function money(value: number, currency = 'EUR'): string {
  return `{"value":${value},"currency":"${currency}"}`;
}

function stamp(sec: number, salt: number): string {
  return formatInstant(sec, hash2(sec, salt) % 1e9, digitsFor(salt, DIGITS.other));
}

export function organizationObject(org: Organization): Record<string, unknown> {
  const p = org.profile;
  return {
    organizationId: org.id,
    name: p.name,
    status: org.status,
    syncType: p.syncType,
    integrationType: p.integrationType,
    creditLimit: { value: org.creditLimit, currency: 'EUR' },
    // Pliant's documentation: availableLimit = balance + creditLimit
    availableLimit: { value: org.balance + org.creditLimit, currency: 'EUR' },
    cardsAccounts: p.cardsAccounts,
    tradeName: p.tradeName,
    legalForm: p.legalForm,
    foundationDate: p.foundationDate,
    country: p.country,
    accountType: org.accountType,
    partnersOrganizationId: p.partnersOrganizationId,
    paymentFrequency: org.paymentFrequency,
    nationalRegisterCourt: p.nationalRegisterCourt,
    nationalRegisterId: p.nationalRegisterId,
    nationalRegisterType: p.nationalRegisterType,
    tradeRegisterNumber: p.tradeRegisterNumber,
    vatId: p.vatId,
    billingEmail: p.billingEmail,
    billingAddress: p.billingAddress,
    deliveryAddress: p.deliveryAddress,
    isCompanyNamePrintable: p.isCompanyNamePrintable,
    processingAccount: p.processingAccount,
  };
}

export function organizationJson(org: Organization): string {
  return q(organizationObject(org));
}

export function cardholderJson(w: World, h: Cardholder): string {
  return q({
    cardholderId: h.id,
    organizationId: w.orgs[h.org]!.id,
    salutation: h.salutation,
    firstName: h.firstName,
    lastName: h.lastName,
    email: h.email,
    phoneNumber: h.phoneNumber,
    language: h.language,
    isOwner: h.isOwner,
    status: h.status,
    createdAt: stamp(h.createdSec, h.serial * 2),
    updatedAt: stamp(h.updatedSec, h.serial * 2),
  });
}

export function cardJson(w: World, c: Card): string {
  return q({
    cardId: c.id,
    organizationId: w.orgs[c.org]!.id,
    // the platform-fee card belongs to no cardholder
    cardholderId: c.cardholder >= 0 ? w.cardholders[c.cardholder]!.id : null,
    type: c.type,
    status: c.status,
    label: c.label,
    purpose: c.purpose,
    refNum: c.refNum,
    issuingDate: c.issuingSec >= 0 ? stamp(c.issuingSec, c.serial * 3 + 1) : null,
    expiryDate: c.expirySec >= 0 ? stamp(c.expirySec, c.serial * 3 + 1) : null,
    validityPeriod: c.validityPeriod,
    cardDesign: c.cardDesign,
    productRef: c.productRef,
    platformFee: c.platformFee,
    cardConfig: c.cardConfig,
  });
}

export function paymentJson(w: World, p: BillPayment): string {
  return (
    `{"paymentId":"${p.id}","publicPaymentId":"${p.publicPaymentId}","organizationId":"${w.orgs[p.org]!.id}",` +
    `"type":"${p.type}","method":"${p.method}","amount":${money(p.amount)},"status":"PAID",` +
    `"plannedPaymentDate":"${formatDate(p.plannedDay)}","actualPaymentDate":"${formatDate(p.actualDay)}"}`
  );
}

export function entryJson(w: World, row: number): string {
  const e = w.entries;
  const org = w.orgs[e.org[row]!]!;
  const digits = digitsFor(row, DIGITS.entry);
  const ref = e.ref[row]!;
  let s =
    `{"id":"${w.entryId(row)}","organizationId":"${org.id}","cardAccountId":"${org.cardAccountId}",` +
    `"index":${e.index[row]},"type":"${ENTRY_TYPES[e.type[row]!]}","bookingDate":"${formatDate(e.bookingDay[row]!)}",` +
    `"amount":${money(e.amount[row]!)},"balanceAfter":${money(e.balanceAfter[row]!)}`;
  if (e.type[row] === ENTRY_TRANSACTION) {
    const t = w.transactions;
    s += `,"transactionType":"${TRANSACTION_TYPES[t.type[ref]!]}","transactionId":"${w.transactionId(ref)}"`;
    // information only: the fee itself is its own entry on the platform-fee card
    if (t.fxFee[ref]! > 0) s += `,"fxFee":${money(-t.fxFee[ref]!)}`;
  } else {
    const p = w.payments[ref]!;
    s += `,"billPaymentType":"${p.type}","billPaymentId":"${p.id}"`;
  }
  s +=
    `,"createdAt":"${formatInstant(e.createdSec[row]!, e.createdNs[row]!, digits)}"` +
    `,"updatedAt":"${formatInstant(e.updatedSec[row]!, e.updatedNs[row]!, digits)}"}`;
  return s;
}

const EXTENSIONS = ['pdf', 'png', 'jpg'];

export function receiptFileName(w: World, row: number): string {
  const r = w.receipts;
  const tx = r.tx[row]!;
  const mime = r.mime[row]!;
  const version = r.version[row]!;
  const merchant = MERCHANTS[w.transactions.merchant[tx]!]!;
  const date = formatDate(Math.floor(r.createdSec[row]! / DAY_SECONDS));
  const suffix = version > 0 ? ` (${version + 1})` : '';
  if (mime === 2 && hash2(row, 5) % 2 === 0) return `IMG_${1000 + (row % 9000)}${suffix}.jpg`;
  const prefix = ['Rechnung', 'Beleg', 'receipt'][hash2(row, 6) % 3];
  // merchant names keep their quotes, semicolons and accents: file writers must cope
  return `${prefix} ${merchant.displayName} ${date}${suffix}.${EXTENSIONS[mime]}`;
}

export function receiptJson(w: World, row: number): string {
  const r = w.receipts;
  const digits = digitsFor(row, DIGITS.receipt);
  return (
    `{"receiptId":"${w.receiptId(row)}","transactionId":"${w.transactionId(r.tx[row]!)}",` +
    `"createdAt":"${formatInstant(r.createdSec[row]!, r.createdNs[row]!, digits)}",` +
    `"fileName":${q(receiptFileName(w, row))},"mimeType":"${RECEIPT_MIME_TYPES[r.mime[row]!]}"}`
  );
}

function authCode(row: number, type: number): string {
  if (type === TX.REFUND || type === TX.CHARGEBACK) return 'null';
  return `"${String(hash2(row, 0xa7) % 1000000).padStart(6, '0')}"`;
}

export function transactionJson(w: World, row: number): string {
  const t = w.transactions;
  const org = w.orgs[t.org[row]!]!;
  const card = w.cards[t.card[row]!]!;
  const merchant = MERCHANTS[t.merchant[row]!]!;
  const type = t.type[row]!;
  const flags = t.flags[row]!;
  const digits = digitsFor(row, DIGITS.transaction);
  const created = formatInstant(t.createdSec[row]!, t.createdNs[row]!, digits);
  const logo = merchant.known && flags & TF.enriched ? q(`/merchants/${merchantSlug(merchant)}.png`) : 'null';
  const merchantId = merchant.known ? `"${w.ids.encode(IdKind.merchant, t.merchant[row]!)}"` : 'null';
  const receipts = w
    .receiptsOf(row)
    .map((r) => `"${w.receiptId(r)}"`)
    .join(',');
  let s =
    `{"transactionId":"${w.transactionId(row)}","organizationId":"${org.id}","cardId":"${card.id}",` +
    `"cardholderId":${card.cardholder >= 0 ? `"${w.cardholders[card.cardholder]!.id}"` : 'null'},` +
    `"cardAccountId":"${org.cardAccountId}","status":"BOOKED","type":"${TRANSACTION_TYPES[type]}",` +
    `"category":"${CATEGORIES[t.category[row]!]}","billingAmount":${money(t.billing[row]!)},` +
    `"transactionAmount":${money(t.txAmount[row]!, CURRENCIES[t.currency[row]!]!.code)}`;
  if (t.fxFee[row]! > 0) s += `,"fxFee":${money(-t.fxFee[row]!)}`;
  s +=
    `,"createdAt":"${created}","authorizedAt":"${created}",` +
    `"confirmedAt":"${formatInstant(t.confirmedSec[row]!, t.confirmedNs[row]!, digits)}",` +
    `"bookingDate":"${formatDate(t.bookingDay[row]!)}",` +
    `"updatedAt":"${formatInstant(t.updatedSec[row]!, t.updatedNs[row]!, digits)}",` +
    `"merchantData":{"displayName":${q(merchant.displayName)},"logoPath":${logo},"pliantMerchantId":${merchantId}},` +
    `"merchantRawData":{"merchantLegalName":${q(merchant.legalName)},"descriptionConfirmation":${q(merchant.descriptor)},` +
    `"mcc":"${merchant.mcc}","city":${q(merchant.city)},"country":"${merchant.country}"},` +
    `"receiptIds":[${receipts}],"receiptNeeded":${flags & TF.receiptNeeded ? 'true' : 'false'},"authCode":${authCode(row, type)}}`;
  return s;
}
