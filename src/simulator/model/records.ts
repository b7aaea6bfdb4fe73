// The small record kinds, kept as plain objects (there are few of them).
// The big ones (entries, transactions, receipts) live in store/tables.ts.
import type { RowList } from '../store/columns.js';
import type {
  AccountKind,
  AccountType,
  BillPaymentType,
  CardholderStatus,
  CardStatus,
  OrganizationStatus,
  PaymentFrequency,
  PaymentMethod,
} from './enums.js';

export interface Address {
  id: string;
  type: 'BILLING' | 'DELIVERY';
  country: string;
  city: string;
  streetFull: string;
  streetName: string;
  streetNumber: string;
  streetAdditional: string;
  postalCode: string;
}

/** What the organization looks like on the wire, minus the live parts (status, limits). */
export interface OrganizationProfile {
  name: string;
  syncType: 'FULL' | 'PARTIAL';
  integrationType: 'CUSTOMER' | 'PARTNER';
  cardsAccounts: { number: number; type: 'CREDITOR_ACCOUNT' | 'PAYMENT_ACCOUNT' }[];
  tradeName: string;
  legalForm: string;
  /** DD.MM.YYYY, as in Pliant's example (docs/pliant-api.md) */
  foundationDate: string;
  country: string;
  partnersOrganizationId: string | null;
  nationalRegisterCourt: string | null;
  nationalRegisterId: string | null;
  nationalRegisterType: string | null;
  tradeRegisterNumber: string | null;
  vatId: string | null;
  billingEmail: string;
  billingAddress: Address;
  deliveryAddress: Address;
  isCompanyNamePrintable: boolean;
  processingAccount: { beneficiary: string; bankName: string; iban: string; bic: string };
}

/** A bill the organization will pay on `day`. */
export interface DueBill {
  day: number;
  plannedDay: number;
  type: BillPaymentType;
  method: PaymentMethod;
  amount: number;
  /** counts toward `outstanding` (money already billed but not yet collected) */
  outstanding: boolean;
}

/** How an organization spends; null for organizations that never had activity. */
export interface OrganizationActivity {
  fromDay: number;
  /** first day without activity (deactivated/cancelled organizations stop) */
  untilDay: number;
  purchasesPerWeekday: number;
  expectedDailySpend: number;
  monthlyFee: number;
  feeCard: number;
  /** day → encoded agenda items (see generator/agenda.ts) */
  agenda: Map<number, number[]>;
  dueBills: DueBill[];
  /** billed but not yet collected, so the next bill does not ask for it twice */
  outstanding: number;
  /** one-off events that show every bill-payment type once: names already done */
  showcased: Set<string>;
}

export interface Organization {
  serial: number;
  id: string;
  cardAccountId: string;
  kind: AccountKind;
  accountType: AccountType;
  status: OrganizationStatus;
  paymentFrequency: PaymentFrequency;
  /** cents; 0 for prefunded organizations */
  creditLimit: number;
  profile: OrganizationProfile;
  activity: OrganizationActivity | null;
  /** a referred organization before it authorizes the partner: outside the partner's scope */
  unlisted?: boolean;
  /** current balance of the card account = balanceAfter of the last entry */
  balance: number;
  lastIndex: number;
  lastCreatedSec: number;
  lastCreatedNs: number;
  entries: RowList;
  transactions: RowList;
  payments: number[];
  cardholders: number[];
  cards: number[];
}

export interface Cardholder {
  serial: number;
  id: string;
  org: number;
  salutation: string | null;
  firstName: string;
  lastName: string;
  email: string;
  phoneNumber: string | null;
  language: string;
  isOwner: boolean;
  status: CardholderStatus;
  createdSec: number;
  updatedSec: number;
}

export interface Card {
  serial: number;
  id: string;
  org: number;
  /** -1 for the platform-fee card, which belongs to nobody */
  cardholder: number;
  type: 'PHYSICAL' | 'VIRTUAL' | 'SINGLE_USE';
  status: CardStatus;
  cardConfig: string;
  label: string | null;
  purpose: string | null;
  refNum: string;
  issuingSec: number;
  expirySec: number;
  validityPeriod: number;
  cardDesign: string;
  productRef: string;
  platformFee: boolean;
  /** days on which the card can be used: [spendFromDay, spendUntilDay) */
  spendFromDay: number;
  spendUntilDay: number;
  /** single-use cards: the one purchase happened */
  used: boolean;
}

export interface BillPayment {
  serial: number;
  id: string;
  publicPaymentId: string;
  org: number;
  type: BillPaymentType;
  method: PaymentMethod;
  amount: number;
  plannedDay: number;
  actualDay: number;
  entry: number;
}

export interface Lead {
  serial: number;
  id: string;
  partnersOrganizationId: string;
  receivedSec: number;
  body: Record<string, unknown>;
  /** the organization the lead turned into, once onboarding started; else -1 */
  org: number;
  /** the day Pliant decided (onboarding or rejection); -1 before */
  decisionDay: number;
  /** what Pliant does with it (generator/leads.ts), fixed on the decision day */
  plan: OnboardingPlan | null;
  /** callbacks planned but not delivered yet, by delivery day */
  outbox: { day: number; sec: number; type: string; fields: Record<string, unknown>; copies: number }[];
}

export interface OnboardingStep {
  type: string;
  /** days after the decision day */
  offset: number;
  /** second of that day */
  sec: number;
  /** the organization's status from then on */
  status?: OrganizationStatus;
  fields: Record<string, unknown>;
  /** the callback is sent at all (onboarding steps only when the customer shares them) */
  sent: boolean;
  /** delivered a day late (after steps that came after it) */
  late: boolean;
  /** delivered twice */
  twice: boolean;
}

export interface OnboardingPlan {
  rejected: boolean;
  /** 1 to 10: days from the decision to the authorization */
  days: number;
  /** the customer lets the partner see the onboarding steps */
  sharesProgress: boolean;
  /** a day's callbacks go out newest first */
  reversed: boolean;
  steps: OnboardingStep[];
}
