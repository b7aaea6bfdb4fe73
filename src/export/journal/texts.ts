/** Booking texts and the short Pliant reference (DATEV Belegfeld 1) of an entry. */
import type { SourceEntry } from '../types.js';

const BILL_PAYMENT_TEXT: Record<string, string> = {
  BILL: 'Abrechnung',
  BILL_PAYMENT_REVERSAL: 'Rückbuchung Abrechnung',
  DIRECT_DEBIT_REVERSAL: 'Lastschriftrückgabe',
  TOPUP: 'Aufladung',
  PAYOUT: 'Auszahlung',
  OTHER: 'Zahlung',
};

const TRANSACTION_TEXT: Record<string, string> = {
  PURCHASE: 'Kartenzahlung',
  REFUND: 'Erstattung',
  CHARGEBACK: 'Chargeback',
  RECHARGE: 'Erneute Belastung',
  CASH_WITHDRAWAL: 'Bargeldabhebung',
};

export function textOf(entry: SourceEntry, subtype: string | null): string {
  const t = entry.transaction;
  if (t) {
    const merchant = (t.merchantName ?? t.merchantLegalName ?? '').trim();
    const kind = TRANSACTION_TEXT[subtype ?? ''] ?? subtype ?? 'Transaktion';
    if (merchant === '') return `Pliant ${kind}`;
    // Refunds, chargebacks and recharges say so: the merchant alone reads like a purchase.
    return subtype === 'PURCHASE' || subtype === 'CASH_WITHDRAWAL' || subtype === null
      ? merchant
      : `${kind} ${merchant}`;
  }
  const bp = entry.billPayment;
  if (bp)
    return ['Pliant', BILL_PAYMENT_TEXT[subtype ?? ''] ?? subtype ?? 'Zahlung', bp.publicPaymentId ?? '']
      .join(' ')
      .trim();
  return `Pliant ${entry.type}${subtype ? ` ${subtype}` : ''}`;
}

/** Characters DATEV accepts in Belegfeld 1 (OPOS key); `_` only draws a warning, so it is left out too. */
const BELEG_CHARS = /[^A-Za-z0-9$&%*+\-/]/g;

const short = (id: string): string => id.replace(/[^A-Za-z0-9]/g, '').slice(0, 12);

/**
 * Short and stable: T + 12 characters of the transaction id (48 bits for UUIDs: collisions
 * are negligible per organization), the public payment id of a bill payment, else E + the
 * entry id. The full ids travel in DATEV Zusatzinformation and the other formats.
 */
export function referenceOf(entry: SourceEntry): string {
  if (entry.transaction) return `T${short(entry.transaction.id)}`;
  const publicId = entry.billPayment?.publicPaymentId?.replace(BELEG_CHARS, '').slice(0, 36);
  if (publicId) return publicId;
  if (entry.billPayment) return `P${short(entry.billPayment.id)}`;
  return `E${short(entry.id)}`;
}
