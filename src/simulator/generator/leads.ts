// Referred customers: a lead becomes an organization at 09:00 after it arrives
// (ORGANIZATION_ADDED) and moves through onboarding every two days
// (ORGANIZATION_STATE_CHANGED) until it is ACTIVE.
import { Rng } from '../util/prng.js';
import { DAY_SECONDS } from '../util/time.js';
import type { OrganizationStatus } from '../model/enums.js';
import type { Lead } from '../model/records.js';
import type { CompanyTemplate } from '../model/names.js';
import type { World } from '../store/world.js';
import { createCardholders } from './cardholders.js';
import { newOrganization } from './organizations.js';
import { buildProfile } from './profile.js';
import { STREAM } from './streams.js';

const ONBOARDING: readonly OrganizationStatus[] = [
  'ONBOARDING_STARTED',
  'ONBOARDING_RISK_AND_COMPLIANCE',
  'ONBOARDING_MANDATES_AND_TERMS',
  'ACTIVE',
];

function text(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.length > 0 ? v : fallback;
}

function companyOf(lead: Lead): CompanyTemplate {
  const b = lead.body;
  const address = (typeof b['address'] === 'object' && b['address'] !== null ? b['address'] : {}) as Record<string, unknown>;
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

function startOnboarding(w: World, lead: Lead, day: number): void {
  const serial = w.orgs.length;
  const org = newOrganization(w, serial, 'credit', 'ONBOARDING_STARTED');
  const rng = new Rng(w.seed, STREAM.lead, lead.serial);
  const company = companyOf(lead);
  org.profile = buildProfile(w, rng, serial, company, lead.partnersOrganizationId, 'FULL');
  w.orgs.push(org);
  createCardholders(w, org, 1, company.domain);
  lead.org = serial;
  lead.stageDay = day;
  w.emitOrganization('ORGANIZATION_ADDED', serial, day * DAY_SECONDS + 9 * 3600);
}

export function advanceLeads(w: World, day: number): void {
  for (const lead of w.leads) {
    if (lead.org < 0) {
      if (day * DAY_SECONDS + 9 * 3600 > lead.receivedSec) startOnboarding(w, lead, day);
      continue;
    }
    const org = w.orgs[lead.org]!;
    const stage = ONBOARDING.indexOf(org.status);
    if (stage >= 0 && stage < ONBOARDING.length - 1 && day - lead.stageDay >= 2) {
      org.status = ONBOARDING[stage + 1]!;
      lead.stageDay = day;
      w.emitOrganization('ORGANIZATION_STATE_CHANGED', org.serial, day * DAY_SECONDS + 10 * 3600);
    }
  }
}
