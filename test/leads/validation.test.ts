import { readFileSync } from 'node:fs';

import { validateLead } from '../../src/leads/validate.js';

// The lists exactly as Pliant's lead document (seed 001, copied verbatim into fixtures/) writes them: the test reads that text, not our lists.
const seed = readFileSync(new URL('./fixtures/seed-001.txt', import.meta.url), 'utf8').split('\n');
const between = (from: string, to: string) => seed.slice(seed.indexOf(from) + 2, seed.indexOf(to)).map((l) => l.trim());
const COUNTRIES = between('Countries', 'Industry');
const INDUSTRIES = between('Industry', 'Updated about 2 months ago');

const lead = {
  partnersOrganizationId: 'customer-4711',
  name: 'Acme Straßenbau GmbH',
  country: 'Germany',
  industry: 'CONSTRUCTION',
  contacts: [
    { firstName: 'Jürgen', lastName: 'Groß', email: 'j.gross@acme.example', phoneNumber: '+4930123456', role: 'CEO' },
  ],
};
const problems = (input: unknown) => {
  const r = validateLead(input);
  return r.ok ? [] : r.problems;
};
const fields = (input: unknown) => problems(input).map((p) => p.field);

describe('a lead file', () => {
  it('is read from the seed: 68 countries and 152 industries', () => {
    expect([COUNTRIES.length, INDUSTRIES.length]).toEqual([68, 152]);
    expect(COUNTRIES).toEqual(expect.arrayContaining(['Türkiye', 'Holy See', 'Republic of Korea', 'Kosovo']));
  });

  it.each(COUNTRIES)('accepts the country %s by its name and by its code, sending the code', (name) => {
    const byName = validateLead({ ...lead, country: name });
    if (!byName.ok) throw new Error(JSON.stringify(byName.problems));
    const code = byName.body['country'] as string;
    expect(code).toMatch(/^[A-Z]{2}$/);
    const byCode = validateLead({ ...lead, country: code });
    expect(byCode.ok && byCode.body['country']).toBe(code);
  });

  it('gives the codes ISO 3166-1 assigns (Kosovo: XK), each country its own', () => {
    const code = (country: string) =>
      (validateLead({ ...lead, country }) as { body: Record<string, unknown> }).body['country'];
    expect([
      code('Türkiye'),
      code('Holy See'),
      code('Republic of Korea'),
      code('Kosovo'),
      code('United Kingdom'),
      code('Czechia'),
    ]).toEqual(['TR', 'VA', 'KR', 'XK', 'GB', 'CZ']);
    expect(new Set(COUNTRIES.map(code)).size).toBe(COUNTRIES.length);
  });

  it.each(INDUSTRIES)('accepts the industry %s', (industry) => {
    expect(problems({ ...lead, industry })).toEqual([]);
  });

  it.each([['Turkey'], ['Korea'], ['germany'], ['de'], ['UK'], ['Vatican'], ['Germany '], ['XX'], ['']])(
    'refuses the country "%s", naming the field',
    (country) => {
      expect(fields({ ...lead, country })).toEqual(['country']);
    },
  );

  it('suggests the spelling a near miss meant', () => {
    expect(problems({ ...lead, country: 'germany' })[0]!.problem).toContain('did you mean "Germany" or "DE"?');
    expect(problems({ ...lead, industry: 'computer software' })[0]!.problem).toContain(
      'did you mean "COMPUTER_SOFTWARE"?',
    );
  });

  it.each([['COMPUTER_SOFTWARE '], ['computer_software'], ['Computer Software'], ['SOFTWARE'], [''], [42]])(
    'refuses the industry %p, naming the field',
    (industry) => {
      expect(fields({ ...lead, industry })).toEqual(['industry']);
    },
  );

  it("needs a name and the partner's own organization id", () => {
    expect(fields({ ...lead, name: '  ' })).toEqual(['name']);
    expect(fields({ ...lead, partnersOrganizationId: undefined })).toEqual(['partnersOrganizationId']);
    expect(fields({ ...lead, partnersOrganizationId: 4711 })).toEqual(['partnersOrganizationId']);
  });

  it('needs at least one contact with first and last name and a well-formed e-mail', () => {
    expect(fields({ ...lead, contacts: [] })).toEqual(['contacts']);
    expect(fields({ ...lead, contacts: undefined })).toEqual(['contacts']);
    expect(fields({ ...lead, contacts: ['Jürgen'] })).toEqual(['contacts[0]']);
    expect(fields({ ...lead, contacts: [{ email: 'a@b.de' }] })).toEqual([
      'contacts[0].firstName',
      'contacts[0].lastName',
    ]);
    for (const email of ['nope', 'a@b', 'a b@c.de', '@c.de', 'a@.de']) {
      expect(fields({ ...lead, contacts: [{ firstName: 'A', lastName: 'B', email }] })).toEqual(['contacts[0].email']);
    }
    expect(
      fields({ ...lead, contacts: [lead.contacts[0], { firstName: 'A', lastName: 'B', email: 'a.b@c.co.uk' }] }),
    ).toEqual([]);
  });

  it('takes phone numbers in E.164 only, when given', () => {
    const withPhone = (phoneNumber: unknown) => fields({ ...lead, contacts: [{ ...lead.contacts[0], phoneNumber }] });
    for (const ok of ['+4930123456', '+12025550123', '+821012345678', null, undefined])
      expect(withPhone(ok)).toEqual([]);
    for (const bad of ['030 123456', '+49 30 123456', '004930123456', '+0301234', '+4930123456789012', 4930123456]) {
      expect(withPhone(bad)).toEqual(['contacts[0].phoneNumber']);
    }
  });

  it('names every problem at once', () => {
    const all = {
      name: '',
      country: 'Turkey',
      industry: 'software',
      contacts: [{ firstName: 'A', email: 'x', phoneNumber: '123' }],
      address: { country: 'Deutschland' },
    };
    expect(fields(all)).toEqual([
      'partnersOrganizationId',
      'name',
      'country',
      'industry',
      'contacts[0].lastName',
      'contacts[0].email',
      'contacts[0].phoneNumber',
      'address.country',
    ]);
    expect(fields([lead])).toEqual(['(file)']);
  });

  it('passes unknown fields through as given, the address country as its code', () => {
    const extra = {
      ...lead,
      legalForm: 'GmbH',
      website: 'https://acme.example',
      vatId: 'DE123456789',
      somethingNew: { nested: [1, 2] },
      address: { city: 'Köln', country: 'Austria' },
    };
    const r = validateLead(extra);
    expect(r.ok && r.body).toEqual({ ...extra, country: 'DE', address: { city: 'Köln', country: 'AT' } });
  });
});
