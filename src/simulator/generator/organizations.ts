// Organizations with their cardholders and cards, and how much each one spends.
import {
  ACCOUNT_KINDS,
  CUSTOM_CARD_CONFIG_SUFFIX,
  type AccountKind,
  type OrganizationStatus,
  type PaymentFrequency,
} from '../model/enums.js';
import { CATEGORY_PRICE_RANGE, CATEGORY_WEIGHTS } from '../model/merchants.js';
import type { Organization } from '../model/records.js';
import { RowList } from '../store/columns.js';
import type { World } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import { idiv } from '../util/int.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS } from '../util/time.js';
import { createCardholders } from './cardholders.js';
import { createEverydayCards, createShowcaseCard, SHOWCASE_CARDS } from './cards.js';
import { buildProfile, companyFor, slugOf } from './profile.js';
import { STREAM } from './streams.js';

/** Organizations beyond the first three cycle through the other statuses. */
const STATUS_CYCLE: readonly OrganizationStatus[] = [
  'ACTIVE',
  'DEACTIVATED',
  'ONBOARDING_STARTED',
  'ACTIVE',
  'CANCELLED',
  'ONBOARDING_RISK_AND_COMPLIANCE',
  'ACTIVE',
  'ONBOARDING_MANDATES_AND_TERMS',
];
const FREQUENCY_CYCLE: readonly PaymentFrequency[] = ['WEEKLY', 'MONTHLY', 'BI_WEEKLY', 'DAILY'];

export function statusOf(serial: number): OrganizationStatus {
  return serial < 3 ? 'ACTIVE' : (STATUS_CYCLE[(serial - 3) % STATUS_CYCLE.length] as OrganizationStatus);
}

export function kindOf(serial: number): AccountKind {
  return ACCOUNT_KINDS[serial % 3] as AccountKind;
}

/** Average purchase in cents under the category weights (E[r1·r2] = 1/4 of the range). */
export const AVERAGE_PURCHASE: number = (() => {
  let sum = 0;
  let weights = 0;
  CATEGORY_PRICE_RANGE.forEach(([lo, hi], i) => {
    const w = CATEGORY_WEIGHTS[i] as number;
    sum += w * (lo + idiv(hi - lo, 4));
    weights += w;
  });
  return idiv(sum, weights);
})();

function roundUp(value: number, step: number): number {
  return idiv(value + step - 1, step) * step;
}

export interface OrganizationPlan {
  count: number;
  days: number;
  entriesTarget?: number;
}

export function newOrganization(w: World, serial: number, kind: AccountKind, status: OrganizationStatus): Organization {
  return {
    serial,
    id: w.ids.encode(IdKind.organization, serial),
    cardAccountId: w.ids.encode(IdKind.cardAccount, serial),
    kind,
    accountType: kind === 'prefunded' ? 'PREFUNDED' : 'CREDIT',
    status,
    paymentFrequency: 'MONTHLY',
    creditLimit: 0,
    profile: undefined as never,
    activity: null,
    balance: 0,
    lastIndex: 0,
    lastCreatedSec: 0,
    lastCreatedNs: 0,
    entries: new RowList(),
    transactions: new RowList(),
    payments: [],
    cardholders: [],
    cards: [],
  };
}

export function createOrganizations(w: World, plan: OrganizationPlan): void {
  const { count, days } = plan;
  const active: Organization[] = [];
  for (let serial = 0; serial < count; serial++) {
    const rng = new Rng(w.seed, STREAM.organization, serial);
    const kind = kindOf(serial);
    const status = statusOf(serial);
    const org = newOrganization(w, serial, kind, status);
    const company = companyFor(w.seed, serial);
    const referred = serial % 2 === 0 ? slugOf(company.name) : null;
    org.profile = buildProfile(w, rng, serial, company, referred, serial % 4 === 3 ? 'PARTIAL' : 'FULL');
    org.paymentFrequency =
      kind === 'prefunded' ? 'PREFUNDED' : serial < 3 ? 'MONTHLY' : (FREQUENCY_CYCLE[serial % 4] as PaymentFrequency);
    const hasHistory = status === 'ACTIVE' || status === 'DEACTIVATED' || status === 'CANCELLED';
    if (hasHistory) {
      org.activity = {
        fromDay: w.startDay,
        untilDay: status === 'ACTIVE' ? 0xffff : w.startDay + Math.max(1, Math.floor(days / 2)),
        purchasesPerWeekday: rng.range(6, 22),
        expectedDailySpend: 0,
        monthlyFee: 0,
        feeCard: -1,
        agenda: new Map(),
        dueBills: [],
        outstanding: 0,
        showcased: new Set(),
      };
      active.push(org);
    }
    w.orgs.push(org);
    createCardholders(w, org, hasHistory ? rng.range(4, 8) : 1, company.domain);
    if (org.activity) {
      const custom =
        serial % 4 === 0
          ? `${slugOf(company.tradeName).replace(/-/g, '').toUpperCase()}${CUSTOM_CARD_CONFIG_SUFFIX}`
          : null;
      org.activity.feeCard = createEverydayCards(w, org, days, custom);
    }
  }
  // spread the showcase cards over the organizations that have activity
  if (active.length > 0) {
    SHOWCASE_CARDS.forEach(([status, config], k) => {
      createShowcaseCard(w, active[k % active.length]!, days, status, config);
    });
  }
  scaleActivity(w, active, plan);
  for (const org of w.orgs) {
    // first createdAt of the window must be after this
    org.lastCreatedSec = w.startDay * DAY_SECONDS;
  }
}

/** Purchase rates, limits and fees; with entriesTarget the rates are scaled to reach it. */
function scaleActivity(w: World, active: Organization[], plan: OrganizationPlan): void {
  if (plan.entriesTarget && active.length > 0) {
    let orgDays = 0;
    let weights = 0;
    for (const org of active) {
      const a = org.activity!;
      orgDays += Math.min(a.untilDay, w.today) - a.fromDay;
      weights += 1 + (org.serial % 3);
    }
    // measured: ≈ 0.97 entries per unit of weekday rate and day (quiet weekends, plus FX-fee entries)
    const base = idiv(plan.entriesTarget * 100, Math.max(1, orgDays) * 97);
    for (const org of active) {
      const share = idiv(base * (1 + (org.serial % 3)) * active.length, weights);
      org.activity!.purchasesPerWeekday = Math.max(1, share);
    }
  }
  for (const org of active) {
    const a = org.activity!;
    a.expectedDailySpend = a.purchasesPerWeekday * AVERAGE_PURCHASE;
    if (org.kind === 'credit') org.creditLimit = roundUp(a.expectedDailySpend * 50, 100000);
    if (org.kind === 'hybrid') org.creditLimit = roundUp(a.expectedDailySpend * 35, 100000);
    a.monthlyFee = 4900 + 300 * org.cards.length;
  }
}
