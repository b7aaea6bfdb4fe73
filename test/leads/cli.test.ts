/**
 * `pliant-sync lead create` and `lead list` as a user runs them (the built CLI), against the
 * simulator: on a server through DATABASE_URL, on the embedded database in the working directory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, TEST_TARGET, type TestDatabase } from '../helpers/db.js';
import { SIM_NOW, type Simulator } from '../helpers/sync-harness.js';
import { UNLIMITED } from '../receipts/support.js';

let sim: Simulator;
let db: TestDatabase;
const cwd = mkdtempSync(join(tmpdir(), 'pliant-leads-'));

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 61, orgs: 1, days: 3, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

const env = () => ({
  PLIANT_ENV: 'simulator',
  PLIANT_API_URL: sim.apiUrl,
  PLIANT_AUTH_URL: sim.tokenUrl,
  LOG_LEVEL: 'warn',
  ...(TEST_TARGET === 'server' ? { DATABASE_URL: db.url } : {}),
});
const cli = (args: string[]) => runCli(args, env(), { cwd, timeoutMs: 30_000 });
function file(name: string, content: unknown): string {
  const path = join(cwd, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
const leads = async () => JSON.parse((await cli(['lead', 'list', '--json'])).stdout) as Record<string, unknown>[];

const lead = {
  partnersOrganizationId: 'cust-1',
  name: 'Çelik Yapı A.Ş.',
  country: 'Türkiye',
  industry: 'CONSTRUCTION',
  legalForm: 'A.Ş.',
  website: 'https://celik.example',
  futureField: { kept: true },
  contacts: [{ firstName: 'Ayşe', lastName: 'Çelik', email: 'ayse@celik.example', phoneNumber: '+905321234567' }],
};

describe('pliant-sync lead', () => {
  it('refuses a bad file with exit code 2, naming every field, sending and storing nothing', async () => {
    const before = sim.stats();
    const bad = await cli([
      'lead',
      'create',
      '--file',
      file('bad.json', {
        ...lead,
        country: 'Turkey',
        industry: 'Construction',
        contacts: [{ firstName: 'A', lastName: 'B', email: 'a@b', phoneNumber: '0532 123' }],
      }),
    ]);
    expect(bad.code).toBe(2);
    for (const field of ['country:', 'industry:', 'contacts[0].email:', 'contacts[0].phoneNumber:'])
      expect(bad.stderr).toContain(field);
    expect(bad.stderr).toContain('4 problem(s), nothing sent');
    const notJson = await cli(['lead', 'create', '--file', file('broken.json', '{"name": ')]);
    expect([notJson.code, notJson.stderr.includes('is not valid JSON')]).toEqual([2, true]);
    expect(sim.stats()).toEqual(before);
    expect(await leads()).toEqual([]);
  });

  it('sends a valid lead once, the country as its code, extra fields as given', async () => {
    const path = file('lead.json', lead);
    const sent = await cli(['lead', 'create', '--file', path, '--json']);
    expect(sent.code).toBe(0);
    const out = JSON.parse(sent.stdout) as { outcome: string; lead: Record<string, unknown> };
    expect(out.outcome).toBe('sent');
    expect(out.lead).toMatchObject({
      partnersOrganizationId: 'cust-1',
      country: 'TR',
      state: 'SENT',
      leadId: expect.any(String),
      raw: { ...lead, country: 'TR' },
    });
    expect(sim.world.leads.map((l) => l.body)).toEqual([{ ...lead, country: 'TR' }]);

    const again = await cli(['lead', 'create', '--file', path, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      outcome: 'exists',
      lead: { partnersOrganizationId: 'cust-1', state: 'SENT' },
    });
    const plain = await cli(['lead', 'create', '--file', path]);
    expect([plain.code, plain.stdout]).toEqual([0, expect.stringContaining('Lead cust-1 exists already (state SENT')]);
    expect(sim.world.leads).toHaveLength(1);
  });

  it('shows a refusal by Pliant with the field it named, stores it as REJECTED_BY_API, and sends it again once fixed', async () => {
    // Our rules pass it; the simulator's own checks refuse a legalForm that is not text.
    const refused = await cli([
      'lead',
      'create',
      '--file',
      file('refused.json', { ...lead, partnersOrganizationId: 'cust-2', legalForm: 42 }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'Pliant refused lead cust-2, naming the field legalForm: ILLEGAL_ARGUMENTS_PROVIDED: legalForm: must be a string',
    );
    const stored = (await leads()).find((l) => l['partnersOrganizationId'] === 'cust-2');
    expect(stored).toMatchObject({
      state: 'REJECTED_BY_API',
      errorField: 'legalForm',
      error: 'ILLEGAL_ARGUMENTS_PROVIDED: legalForm: must be a string',
      raw: { legalForm: 42 },
    });

    const fixed = await cli([
      'lead',
      'create',
      '--file',
      file('fixed.json', { ...lead, partnersOrganizationId: 'cust-2' }),
      '--json',
    ]);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({
      outcome: 'sent',
      lead: { state: 'SENT', error: null, errorField: null },
    });
    expect(sim.world.leads.map((l) => l.partnersOrganizationId)).toEqual(['cust-1', 'cust-2']);
  });

  it('lists each lead with its state and since when', async () => {
    const list = await cli(['lead', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/partner id\s+name\s+country\s+state\s+since\s+organization\s+last event/);
    expect(list.stdout).toMatch(/cust-1\s+Çelik Yapı A\.Ş\.\s+TR\s+SENT\s+\d{4}-\d\d-\d\dT/);
    expect((await leads()).map((l) => [l['partnersOrganizationId'], l['state']])).toEqual([
      ['cust-1', 'SENT'],
      ['cust-2', 'SENT'],
    ]);
  });

  it('documents its exit codes in --help', async () => {
    for (const sub of ['create', 'list']) {
      const help = await cli(['lead', sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Exit codes: 0 .*; 1 .*; 2 bad usage/s);
    }
  });
});
