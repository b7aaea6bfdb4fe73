/**
 * Built-in charts: SKR03 (the default) and SKR04, DATEV's standard charts (README, Exporting journal lines).
 * Starting points for the tax advisor, not advice: every account and tax key can be overridden
 * in EXPORT_CONFIG. Tax keys: 9 = 19 % Vorsteuer; '' = no automatic tax, where rates are mixed
 * or usually exempt (travel, food, training, fees), so nothing is claimed that is not owed.
 */
import type { Category } from './categories.js';

export type ChartName = 'SKR03' | 'SKR04';

export interface AccountSet {
  /** Kreditkartenabrechnung: the Pliant card account (a liability). */
  card: string;
  /** Geldtransit: settlements, top-ups and payouts between bank and card account. */
  clearing: string;
  /** Nebenkosten des Geldverkehrs: platform fees and FX fees. */
  fees: string;
  /** Kasse: cash withdrawn with a card. */
  cash: string;
  /** Sonstige betriebliche Aufwendungen: spend whose category maps nowhere else. */
  defaultExpense: string;
  /** Sammelkreditor (a personal account, one digit longer), for creditor-based posting. */
  creditor: string;
}

export interface Preset {
  chart: ChartName;
  /** DATEV Sachkontenrahmen, header field 27. */
  skr: '03' | '04';
  accounts: AccountSet;
  categories: Record<Category, { account: string; taxKey: string }>;
}

export const SKR03: Preset = {
  chart: 'SKR03',
  skr: '03',
  accounts: { card: '1730', clearing: '1360', fees: '4970', cash: '1000', defaultExpense: '4900', creditor: '70000' },
  categories: {
    ADVERTISING_AND_MARKETING: { account: '4600', taxKey: '9' },
    COMPUTING_AND_SOFTWARE: { account: '4964', taxKey: '9' },
    EDUCATION_AND_TRAINING: { account: '4945', taxKey: '' },
    ELECTRONICS_AND_IT_EQUIPMENT: { account: '4985', taxKey: '9' },
    ENTERTAINMENT_AND_WELLNESS: { account: '4900', taxKey: '' },
    FOOD_AND_DRINKS: { account: '4650', taxKey: '' },
    GIFTS_AND_VOUCHERS: { account: '4630', taxKey: '9' },
    MATERIALS_AND_PACKAGING: { account: '4710', taxKey: '9' },
    OFFICE_SUPPLIES_AND_EQUIPMENT: { account: '4930', taxKey: '9' },
    SERVICES: { account: '4900', taxKey: '9' },
    TRAVEL_AND_ACCOMMODATION: { account: '4660', taxKey: '' },
    OTHER: { account: '4900', taxKey: '' },
  },
};

export const SKR04: Preset = {
  chart: 'SKR04',
  skr: '04',
  accounts: { card: '3610', clearing: '1460', fees: '6855', cash: '1600', defaultExpense: '6300', creditor: '70000' },
  categories: {
    ADVERTISING_AND_MARKETING: { account: '6600', taxKey: '9' },
    COMPUTING_AND_SOFTWARE: { account: '6837', taxKey: '9' },
    EDUCATION_AND_TRAINING: { account: '6821', taxKey: '' },
    ELECTRONICS_AND_IT_EQUIPMENT: { account: '6845', taxKey: '9' },
    ENTERTAINMENT_AND_WELLNESS: { account: '6300', taxKey: '' },
    FOOD_AND_DRINKS: { account: '6640', taxKey: '' },
    GIFTS_AND_VOUCHERS: { account: '6610', taxKey: '9' },
    MATERIALS_AND_PACKAGING: { account: '6710', taxKey: '9' },
    OFFICE_SUPPLIES_AND_EQUIPMENT: { account: '6815', taxKey: '9' },
    SERVICES: { account: '6300', taxKey: '9' },
    TRAVEL_AND_ACCOMMODATION: { account: '6650', taxKey: '' },
    OTHER: { account: '6300', taxKey: '' },
  },
};

export const PRESETS: Record<ChartName, Preset> = { SKR03, SKR04 };

/**
 * A preset account for a longer Sachkontenlänge: DATEV fills account numbers with zeros on
 * the right (1730 → 17300 at length 5).
 */
export function widen(account: string, length: number): string {
  return account.length >= length ? account : account.padEnd(length, '0');
}
