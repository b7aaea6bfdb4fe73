// Referred customers (docs/pliant-api.md, Leads). At 09:00 after a lead arrives Pliant decides: some leads are
// rejected (no callback); the others become an organization (ORGANIZATION_ADDED) that is
// onboarded over 1 to 10 days (the onboarding callbacks only if the customer shares them),
// becomes ACTIVE and books from the next day on, then authorizes the partner
// (AUTHORIZATION_PENDING, AUTHORIZATION_GRANTED): only from then on is it in the partner's
// scope, listed by GET /organizations with the entries it booked. Callbacks carry their own
// time; some are delivered twice, some a day late, and some days newest first.
import type { OrganizationStatus } from '../model/enums.js';
import type { CompanyTemplate } from '../model/names.js';
import type { Lead, OnboardingPlan, OnboardingStep, Organization } from '../model/records.js';
import type { World } from '../store/world.js';
import { idiv } from '../util/int.js';
import { Rng } from '../util/prng.js';
import { DAY_SECONDS } from '../util/time.js';
import { createCardholders } from './cardholders.js';
import { createEverydayCards } from './cards.js';
import { AVERAGE_PURCHASE, newOrganization } from './organizations.js';
import { buildProfile } from './profile.js';
import { STREAM } from './streams.js';

const HOUR = 3600;

/** The onboarding steps a customer may share, in their usual order. */
const SHARED_STEPS: readonly { type: string; status?: OrganizationStatus; fields: Record<string, unknown> }[] = [
  { type: 'ORGANIZATION_STATE_CHANGED', status: 'ONBOARDING_RISK_AND_COMPLIANCE', fields: {} },
  { type: 'DOCUMENT_CUSTOMER_STATUS_CHANGED', fields: { status: 'SUBMITTED' } },
  { type: 'REPRESENTATIVE_LEGITIMATION_STATUS_CHANGED', fields: { status: 'LEGITIMATED' } },
  { type: 'REPRESENTATIVE_SUBMISSION_STATUS_CHANGED', fields: { status: 'SUBMITTED' } },
  { type: 'BANK_CONNECTION_STATUS_CHANGED', fields: { status: 'CONNECTED' } },
  { type: 'ORGANIZATION_STATE_CHANGED', status: 'ONBOARDING_MANDATES_AND_TERMS', fields: {} },
];

function text(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.length > 0 ? v : fallback;
}

function companyOf(lead: Lead): CompanyTemplate {
  const b = lead.body;
  const address = (typeof b['address'] === 'object' && b['address'] !== null ? b['address'] : {}) as Record<
    string,
    unknown
  >;
  const website = text(b['website'], 'https://example.com');
  const name = text(b['name'], lead.partnersOrganizationId);
  return {
    name,
    tradeName: name,
    legalForm: text(b['legalForm'], 'GmbH'),
    country: text(b['country'], 'DE'),
    city: text(address['city'], ''),
    street: text(address['street'] ?? address['streetName'], ''),
    postalCode: text(address['postalCode'], ''),
    domain: website.replace(/^https?:\/\//, '').replace(/\/.*$/, '') || 'example.com',
    registerCourt: null,
  };
}

/** What Pliant will do with a lead: the same seed and lead, the same plan. */
export function planOnboarding(seed: number, leadSerial: number): OnboardingPlan {
  const rng = new Rng(seed, STREAM.lead, leadSerial, 1);
  const rejected = rng.chance(1, 4);
  const days = rng.range(1, 10);
  const sharesProgress = rng.chance(3, 4);
  const steps: OnboardingStep[] = [];
  const step = (type: string, offset: number, sec: number, extra: Partial<OnboardingStep> = {}): void => {
    steps.push({
      type,
      offset,
      sec,
      fields: {},
      sent: true,
      late: rng.chance(1, 5),
      twice: rng.chance(1, 4),
      ...extra,
    });
  };
  step('ORGANIZATION_ADDED', 0, 9 * HOUR, { late: false });
  // the shared steps spread over the days before activation, 10:00 to 16:00
  SHARED_STEPS.forEach((s, i) => {
    const offset = idiv(i * days, SHARED_STEPS.length + 1);
    step(s.type, offset, 10 * HOUR + i * HOUR + rng.int(HOUR), {
      fields: s.fields,
      sent: sharesProgress,
      ...(s.status ? { status: s.status } : {}),
    });
  });
  step('ORGANIZATION_STATE_CHANGED', days - 1, 17 * HOUR, { status: 'ACTIVE', sent: sharesProgress });
  step('AUTHORIZATION_PENDING', days, 12 * HOUR);
  step('AUTHORIZATION_GRANTED', days, 18 * HOUR);
  return { rejected, days, sharesProgress, reversed: rng.chance(1, 3), steps };
}

/** The organization a lead turns into: unlisted, with people, cards and spending from the day after activation. */
function startOnboarding(w: World, lead: Lead, plan: OnboardingPlan, day: number): Organization {
  const serial = w.orgs.length;
  const org = newOrganization(w, serial, 'credit', 'ONBOARDING_STARTED');
  const rng = new Rng(w.seed, STREAM.lead, lead.serial);
  const company = companyOf(lead);
  org.profile = buildProfile(w, rng, serial, company, lead.partnersOrganizationId, 'FULL');
  org.unlisted = true;
  const rate = rng.range(6, 22);
  org.activity = {
    fromDay: day + plan.days,
    untilDay: 0xffff,
    purchasesPerWeekday: rate,
    expectedDailySpend: rate * AVERAGE_PURCHASE,
    monthlyFee: 0,
    feeCard: -1,
    agenda: new Map(),
    dueBills: [],
    outstanding: 0,
    showcased: new Set(),
  };
  org.creditLimit = idiv(org.activity.expectedDailySpend * 50 + 99999, 100000) * 100000;
  org.lastCreatedSec = (day + plan.days) * DAY_SECONDS;
  w.orgs.push(org);
  createCardholders(w, org, 4, company.domain);
  org.activity.feeCard = createEverydayCards(w, org, plan.days, null);
  org.activity.monthlyFee = 4900 + 300 * org.cards.length;
  lead.org = serial;
  return org;
}

function apply(w: World, lead: Lead, org: Organization, s: OnboardingStep, day: number): void {
  if (s.status) org.status = s.status;
  if (s.type === 'AUTHORIZATION_GRANTED') org.unlisted = false;
  w.version++;
  if (!s.sent) return;
  const fields =
    s.type === 'ORGANIZATION_ADDED'
      ? {}
      : s.status
        ? { status: s.status }
        : s.type.startsWith('AUTHORIZATION')
          ? { partnersOrganizationId: lead.partnersOrganizationId }
          : s.fields;
  lead.outbox.push({
    day: day + (s.late ? 1 : 0),
    sec: day * DAY_SECONDS + s.sec,
    type: s.type,
    fields,
    copies: s.twice ? 2 : 1,
  });
}

export function advanceLeads(w: World, day: number): void {
  for (const lead of w.leads) {
    if (lead.decisionDay < 0) {
      if (day * DAY_SECONDS + 9 * HOUR <= lead.receivedSec) continue;
      lead.decisionDay = day;
      lead.plan = planOnboarding(w.seed, lead.serial);
      if (!lead.plan.rejected) startOnboarding(w, lead, lead.plan, day);
    }
    const plan = lead.plan!;
    if (plan.rejected) continue;
    const org = w.orgs[lead.org]!;
    for (const s of plan.steps) if (lead.decisionDay + s.offset === day) apply(w, lead, org, s, day);
    const due = lead.outbox.filter((c) => c.day <= day).sort((a, b) => (plan.reversed ? b.sec - a.sec : a.sec - b.sec));
    lead.outbox = lead.outbox.filter((c) => c.day > day);
    for (const c of due) {
      const fields = c.type === 'ORGANIZATION_ADDED' ? undefined : c.fields;
      w.emitOrganization(c.type, org.serial, c.sec, fields, c.copies);
    }
  }
}
