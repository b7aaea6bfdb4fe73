/**
 * Which account an entry is booked against, besides the card account: the counter posting.
 * Precedence, most specific first: an `entryTypes` rule; the fee card (fees account); for
 * card spend a merchant rule, then a card rule, then the category, then the default expense;
 * cost centre from a card rule, a merchant rule, then the cardholder.
 */
import { BILL_PAYMENT_TYPES, isCategory, SPEND_TYPES } from '../config/categories.js';
import type { ExportSettings, RuleTarget } from '../config/settings.js';
import type { LineRole, SourceEntry, SourceTransaction } from '../types.js';

export interface CounterPosting {
  role: LineRole;
  account: string;
  taxKey: string;
  costCentre: string;
  /** Creditor-based posting through this personal account; null books directly against the card account. */
  creditor: string | null;
}

export type Mapping = { kind: 'counter'; counter: CounterPosting } | { kind: 'refused'; problem: string };

const lower = (s: string | null | undefined): string => (s ?? '').toLowerCase();

export function subtypeOf(entry: SourceEntry): string | null {
  if (entry.type === 'TRANSACTION') return entry.transactionType ?? entry.transaction?.type ?? null;
  if (entry.type === 'BILL_PAYMENT') return entry.billPaymentType ?? entry.billPayment?.type ?? null;
  return entry.transactionType ?? entry.billPaymentType ?? null;
}

export function mapEntry(entry: SourceEntry, settings: ExportSettings): Mapping {
  const subtype = subtypeOf(entry);
  const rule = (subtype && settings.entryTypes.get(`${entry.type}/${subtype}`)) || settings.entryTypes.get(entry.type);
  if (rule)
    return counter({ role: 'rule', account: rule.account, taxKey: rule.taxKey, costCentre: '', creditor: null });

  if (entry.type === 'TRANSACTION') {
    const t = entry.transaction;
    if (!t)
      return {
        kind: 'refused',
        problem: `its transaction ${entry.missingTransactionId ?? '(none named)'} is not in the mirror: run sync first`,
      };
    if (t.platformFee) {
      const creditor = settings.posting === 'creditor' ? settings.accounts.creditor : null;
      return counter({
        role: 'fees',
        account: settings.accounts.fees,
        taxKey: settings.feesTaxKey,
        costCentre: '',
        creditor,
      });
    }
    if (subtype === 'CASH_WITHDRAWAL') {
      return counter({
        role: 'cash',
        account: settings.accounts.cash,
        taxKey: '',
        costCentre: costCentreOf(t, settings, cardRule(t, settings), undefined),
        creditor: null,
      });
    }
    if (subtype !== null && (SPEND_TYPES as readonly string[]).includes(subtype))
      return counter(spendPosting(t, settings));
    return { kind: 'refused', problem: unknownType(subtype, 'TRANSACTION') };
  }

  if (entry.type === 'BILL_PAYMENT') {
    if (!entry.billPayment)
      return {
        kind: 'refused',
        problem: `its bill payment ${entry.missingBillPaymentId ?? '(none named)'} is not in the mirror: run sync first`,
      };
    if (subtype !== null && (BILL_PAYMENT_TYPES as readonly string[]).includes(subtype)) {
      return counter({
        role: 'clearing',
        account: settings.accounts.clearing,
        taxKey: '',
        costCentre: '',
        creditor: null,
      });
    }
    return { kind: 'refused', problem: unknownType(subtype, 'BILL_PAYMENT') };
  }
  return { kind: 'refused', problem: unknownType(subtype, entry.type) };
}

const counter = (c: CounterPosting): Mapping => ({ kind: 'counter', counter: c });

function unknownType(subtype: string | null, type: string): string {
  const key = subtype ? `${type}/${subtype}` : type;
  return `its type ${key} is not one the exporter knows how to book; map it in EXPORT_CONFIG, for example entryTypes: { "${key}": { account: "1360" } }`;
}

function spendPosting(t: SourceTransaction, settings: ExportSettings): CounterPosting {
  const merchant = merchantRule(t, settings);
  const card = cardRule(t, settings);
  const category =
    t.category && isCategory(t.category)
      ? settings.categories[t.category]
      : { account: settings.accounts.defaultExpense, taxKey: '' };
  const creditorRule = merchant?.creditor ?? card?.creditor;
  return {
    role: 'expense',
    account: merchant?.account ?? card?.account ?? category.account,
    taxKey: merchant?.taxKey ?? card?.taxKey ?? category.taxKey,
    costCentre: costCentreOf(t, settings, card, merchant),
    creditor: creditorRule ?? (settings.posting === 'creditor' ? settings.accounts.creditor : null),
  };
}

function merchantRule(t: SourceTransaction, settings: ExportSettings): RuleTarget | undefined {
  const names = [lower(t.merchantName), lower(t.merchantLegalName)].filter((n) => n !== '');
  return settings.merchants.find((r) =>
    r.name !== undefined
      ? names.includes(r.name.toLowerCase())
      : names.some((n) => n.includes(r.contains!.toLowerCase())),
  );
}

function cardRule(t: SourceTransaction, settings: ExportSettings): RuleTarget | undefined {
  return settings.cards.find((r) => (r.cardId !== undefined ? r.cardId === t.cardId : r.refNum === t.cardRefNum));
}

function costCentreOf(
  t: SourceTransaction,
  settings: ExportSettings,
  card: RuleTarget | undefined,
  merchant: RuleTarget | undefined,
): string {
  return (
    card?.costCentre ??
    merchant?.costCentre ??
    (t.cardholderId ? settings.cardholders.get(t.cardholderId.toLowerCase()) : undefined) ??
    (t.cardholderEmail ? settings.cardholders.get(t.cardholderEmail.toLowerCase()) : undefined) ??
    ''
  );
}
