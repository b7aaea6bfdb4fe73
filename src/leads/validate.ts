/**
 * A lead file checked before anything is sent: every problem at once, each naming its field
 * and the fix. Country names become their ISO code; every other field passes through as given.
 */
import { LEAD_COUNTRIES, LEAD_INDUSTRIES } from './lists.js';

export interface LeadProblem {
  field: string;
  problem: string;
}

export type Validated = { ok: true; body: Record<string, unknown> } | { ok: false; problems: LeadProblem[] };

const CODES: ReadonlySet<string> = new Set(LEAD_COUNTRIES.values());
/** ITU-T E.164: a plus, then up to 15 digits, not starting with 0. */
const E164 = /^\+[1-9]\d{1,14}$/;
/** Well-formed enough to reach someone: local@domain.tld, no spaces. */
const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** The ISO code of a seed-001 country given by its exact English name or its code; else a problem. */
export function countryCode(value: unknown): { code: string } | { problem: string } {
  if (!isText(value))
    return {
      problem:
        'is required: an accepted country, by its English name as Pliant lists it (e.g. "Germany") or its ISO 3166-1 alpha-2 code (e.g. "DE")',
    };
  const byName = LEAD_COUNTRIES.get(value);
  if (byName) return { code: byName };
  if (CODES.has(value)) return { code: value };
  return {
    problem: `"${value}" is not an accepted country${suggestCountry(value)}; give the English name as Pliant lists it (docs/pliant-api.md) or the ISO 3166-1 alpha-2 code`,
  };
}

function suggestCountry(value: string): string {
  const folded = value.trim().toLowerCase();
  for (const [name, code] of LEAD_COUNTRIES) {
    if (name.toLowerCase() === folded || code.toLowerCase() === folded)
      return ` (did you mean "${name}" or "${code}"?)`;
  }
  return '';
}

function industryProblem(value: unknown): string | null {
  if (!isText(value)) return 'is required: one of the industries Pliant accepts (e.g. "COMPUTER_SOFTWARE")';
  if (LEAD_INDUSTRIES.has(value)) return null;
  const near = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  const hint = LEAD_INDUSTRIES.has(near) ? ` (did you mean "${near}"?)` : '';
  return `"${value}" is not an accepted industry${hint}; use one of Pliant's values (docs/pliant-api.md) exactly, upper case with underscores`;
}

function contactProblems(contacts: unknown): LeadProblem[] {
  if (!Array.isArray(contacts) || contacts.length === 0) {
    return [
      {
        field: 'contacts',
        problem: 'needs at least one contact: [{"firstName", "lastName", "email", "phoneNumber"?}]',
      },
    ];
  }
  const problems: LeadProblem[] = [];
  contacts.forEach((contact: unknown, i) => {
    const at = `contacts[${i}]`;
    if (!isObject(contact)) {
      problems.push({ field: at, problem: 'must be an object with firstName, lastName and email' });
      return;
    }
    for (const name of ['firstName', 'lastName'] as const) {
      if (!isText(contact[name])) problems.push({ field: `${at}.${name}`, problem: 'is required' });
    }
    const email = contact['email'];
    if (!isText(email)) problems.push({ field: `${at}.email`, problem: 'is required (e.g. "jane.doe@example.com")' });
    else if (!EMAIL.test(email))
      problems.push({
        field: `${at}.email`,
        problem: `"${email}" is not a well-formed e-mail address (e.g. "jane.doe@example.com")`,
      });
    const phone = contact['phoneNumber'];
    if (phone !== undefined && phone !== null && (typeof phone !== 'string' || !E164.test(phone))) {
      problems.push({
        field: `${at}.phoneNumber`,
        problem: `${JSON.stringify(phone)} is not in E.164: a plus, the country code and the number, digits only (e.g. "+4930123456")`,
      });
    }
  });
  return problems;
}

export function validateLead(input: unknown): Validated {
  if (!isObject(input))
    return { ok: false, problems: [{ field: '(file)', problem: 'must hold one JSON object: the lead' }] };
  const problems: LeadProblem[] = [];
  const body: Record<string, unknown> = { ...input };
  if (!isText(input['partnersOrganizationId'])) {
    problems.push({
      field: 'partnersOrganizationId',
      problem: 'is required: your own id of the organization, text (e.g. "customer-4711")',
    });
  }
  if (!isText(input['name'])) problems.push({ field: 'name', problem: 'is required: the company name' });
  const country = countryCode(input['country']);
  if ('code' in country) body['country'] = country.code;
  else problems.push({ field: 'country', problem: country.problem });
  const industry = industryProblem(input['industry']);
  if (industry) problems.push({ field: 'industry', problem: industry });
  problems.push(...contactProblems(input['contacts']));
  // The address may name its country too: the same rule, sent as the code.
  const address = input['address'];
  if (isObject(address) && address['country'] !== undefined && address['country'] !== null) {
    const c = countryCode(address['country']);
    if ('code' in c) body['address'] = { ...address, country: c.code };
    else problems.push({ field: 'address.country', problem: c.problem });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body };
}
