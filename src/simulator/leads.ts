// POST /leads: validation against Pliant's accepted countries and industries (docs/pliant-api.md), and
// the lead record (which the clock later turns into an onboarding organization).
import { LEAD_COUNTRIES, LEAD_INDUSTRIES } from './model/lead-lists.js';
import type { Lead } from './model/records.js';
import type { World } from './store/world.js';
import { IdKind } from './util/ids.js';

const OPTIONAL_TEXT = ['legalForm', 'website', 'vatId', 'nationalRegisterId', 'tradeName'] as const;

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** The first problem with a lead body, naming the field; null when it is fine. */
export function leadProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body: must be a JSON object';
  const b = body as Record<string, unknown>;
  if (!isText(b['partnersOrganizationId'])) return 'partnersOrganizationId: required';
  if (!isText(b['name'])) return 'name: required';
  if (!isText(b['country'])) return 'country: required (ISO 3166-1 alpha-2)';
  if (!Object.hasOwn(LEAD_COUNTRIES, b['country'] as string)) {
    return `country: '${String(b['country'])}' is not one of the accepted countries (ISO 3166-1 alpha-2)`;
  }
  if (!isText(b['industry'])) return 'industry: required';
  if (!LEAD_INDUSTRIES.includes(b['industry'] as string))
    return `industry: '${String(b['industry'])}' is not one of the accepted industries`;
  for (const k of OPTIONAL_TEXT) {
    if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') return `${k}: must be a string`;
  }
  if (b['address'] !== undefined && b['address'] !== null) {
    if (typeof b['address'] !== 'object' || Array.isArray(b['address'])) return 'address: must be an object';
    const country = (b['address'] as Record<string, unknown>)['country'];
    if (country !== undefined && country !== null && !Object.hasOwn(LEAD_COUNTRIES, String(country))) {
      return `address.country: '${String(country)}' is not one of the accepted countries`;
    }
  }
  if (b['contacts'] !== undefined) {
    if (!Array.isArray(b['contacts'])) return 'contacts: must be an array';
    for (let i = 0; i < b['contacts'].length; i++) {
      const c = b['contacts'][i] as Record<string, unknown> | null;
      if (typeof c !== 'object' || c === null) return `contacts[${i}]: must be an object`;
      for (const k of ['firstName', 'lastName', 'email'] as const) {
        if (!isText(c[k])) return `contacts[${i}].${k}: required`;
      }
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c['email'] as string))
        return `contacts[${i}].email: not an e-mail address`;
    }
  }
  return null;
}

export function recordLead(w: World, body: Record<string, unknown>, nowSec: number): Lead {
  const serial = w.leads.length;
  const lead: Lead = {
    serial,
    id: w.ids.encode(IdKind.lead, serial),
    partnersOrganizationId: body['partnersOrganizationId'] as string,
    receivedSec: nowSec,
    body,
    org: -1,
    decisionDay: -1,
    plan: null,
    outbox: [],
  };
  w.leads.push(lead);
  w.version++;
  return lead;
}
