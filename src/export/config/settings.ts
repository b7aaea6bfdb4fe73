/** The validated export configuration: a preset with EXPORT_CONFIG's overrides applied. */
import type { FiscalYearStart } from '../period.js';
import type { Category } from './categories.js';
import { PRESETS, widen, type AccountSet, type ChartName } from './presets.js';

/** `direct`: expense against the card account; `creditor`: expense an Sammelkreditor, Kreditor an Kreditkarte (as Pliant does). */
export type PostingMode = 'direct' | 'creditor';

/** Overrides for matching transactions; unset fields fall through to the next rule. */
export interface RuleTarget {
  account?: string;
  taxKey?: string;
  creditor?: string;
  costCentre?: string;
}

export interface MerchantRule extends RuleTarget {
  /** Merchant name equal to this (case-insensitive). */
  name?: string;
  /** Merchant name containing this (case-insensitive). */
  contains?: string;
  /** Where the rule is written, for messages. */
  where: string;
}

export interface CardRule extends RuleTarget {
  cardId?: string;
  refNum?: string;
  where: string;
}

export interface DatevSettings {
  beraternummer: number;
  mandantennummer: number;
  /** True when the numbers above are placeholders (not configured). */
  placeholderClient: boolean;
  fiscalYearStart: FiscalYearStart;
  /** Festschreibung: `false` writes an explicit 0 (the accountant locks after review). */
  lock: boolean;
  exportedBy: string;
  dictation: string;
  /** Write Kurs/Basis-Umsatz columns for foreign-currency spend where DATEV's formats allow it. */
  foreignCurrencyColumns: boolean;
}

export interface ExportSettings {
  /** `built-in SKR03` or the config file's path. */
  source: string;
  chart: ChartName;
  skr: '03' | '04';
  /** Sachkontenlänge: general ledger accounts have exactly this many digits, creditors one more. */
  accountLength: number;
  baseCurrency: string;
  accounts: AccountSet;
  posting: PostingMode;
  feesTaxKey: string;
  categories: Record<Category, { account: string; taxKey: string }>;
  merchants: MerchantRule[];
  cards: CardRule[];
  /** Cardholder id or e-mail (lower case) → KOST1. */
  cardholders: Map<string, string>;
  /** `TYPE` or `TYPE/SUBTYPE` (e.g. `TRANSACTION/NEW_KIND`) → counter account for entry types the exporter does not know. */
  entryTypes: Map<string, { account: string; taxKey: string; where: string }>;
  datev: DatevSettings;
}

export function presetSettings(chart: ChartName = 'SKR03', accountLength = 4): ExportSettings {
  const preset = PRESETS[chart];
  const accounts = Object.fromEntries(
    Object.entries(preset.accounts).map(([k, v]) => [
      k,
      widen(v, k === 'creditor' ? accountLength + 1 : accountLength),
    ]),
  ) as unknown as AccountSet;
  const categories = Object.fromEntries(
    Object.entries(preset.categories).map(([k, v]) => [
      k,
      { account: widen(v.account, accountLength), taxKey: v.taxKey },
    ]),
  ) as ExportSettings['categories'];
  return {
    source: `built-in ${chart}`,
    chart,
    skr: preset.skr,
    accountLength,
    baseCurrency: 'EUR',
    accounts,
    posting: 'direct',
    feesTaxKey: '',
    categories,
    merchants: [],
    cards: [],
    cardholders: new Map(),
    entryTypes: new Map(),
    datev: {
      beraternummer: 1001,
      mandantennummer: 1,
      placeholderClient: true,
      fiscalYearStart: { month: 1, day: 1 },
      lock: false,
      exportedBy: 'pliant-sync',
      dictation: '',
      foreignCurrencyColumns: true,
    },
  };
}
