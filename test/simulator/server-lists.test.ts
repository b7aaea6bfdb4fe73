// Lists, paging, filters and validation of every endpoint, over real HTTP,
// compared with the generator's own records.
import { createHash, createPublicKey } from 'node:crypto';

import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { all, get, getJson, NOW, token, type Page } from './http-helpers.js';

type Rec = Record<string, unknown>;
let sim: RunningSimulator;
let tok: string;
let orgs: Rec[];
let credit: string;

beforeAll(async () => {
  // six organizations: the sixth is still onboarding
  sim = await startSimulator({ seed: 5, orgs: 6, days: 45, now: NOW });
  tok = await token(sim);
  orgs = (await getJson(sim, tok, '/organizations?limit=100')).data;
  credit = sim.summary().organizations[0]!.organizationId;
});
afterAll(() => sim.close());

async function status(path: string): Promise<[number, Rec]> {
  const res = await get(sim, tok, path);
  return [res.status, (await res.json()) as Rec];
}

describe('organizations', () => {
  it('lists all organizations newest first, one by id, and filters by status', async () => {
    expect(orgs.map((o) => o['organizationId'])).toEqual(
      sim
        .summary()
        .organizations.map((o) => o.organizationId)
        .reverse(),
    );
    const one = await getJson<Rec>(sim, tok, `/organizations/${credit}`);
    expect(one['organizationId']).toBe(credit);
    expect(one['availableLimit']).toEqual({
      value: (one['creditLimit'] as { value: number }).value + sim.summary().organizations[0]!.balance,
      currency: 'EUR',
    });
    const active = await getJson(sim, tok, '/organizations?status=ACTIVE');
    expect(active.data.length).toBe(4);
    expect((await get(sim, tok, '/organizations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('account entries', () => {
  it('pages with {data, hasNextPage} until a short page, every entry exactly once', async () => {
    const expected = sim.summary().organizations[0]!.entries;
    const ids: string[] = [];
    let pages = 0;
    for (let page = 0; ; page++) {
      const p = await getJson(
        sim,
        tok,
        `/account-entries?organizationId=${credit}&sortBy=index&sortDirection=ASC&limit=250&page=${page}`,
      );
      expect(Object.keys(p).sort()).toEqual(['data', 'hasNextPage']);
      ids.push(...p.data.map((e) => e['id'] as string));
      pages++;
      if (!p.hasNextPage) {
        expect(p.data.length).toBeLessThanOrEqual(250);
        break;
      }
      expect(p.data.length).toBe(250);
    }
    expect(pages).toBe(Math.ceil(expected / 250));
    expect(new Set(ids).size).toBe(expected);
    const past = await getJson(sim, tok, `/account-entries?organizationId=${credit}&limit=250&page=${pages + 3}`);
    expect(past).toEqual({ data: [], hasNextPage: false });
  });

  it('sorts by index both ways, newest first without sortBy', async () => {
    const asc = (
      await getJson(sim, tok, `/account-entries?organizationId=${credit}&sortBy=index&sortDirection=ASC&limit=5`)
    ).data;
    expect(asc.map((e) => e['index'])).toEqual([1, 2, 3, 4, 5]);
    const n = sim.summary().organizations[0]!.lastIndex;
    const desc = (
      await getJson(sim, tok, `/account-entries?organizationId=${credit}&sortBy=index&sortDirection=DESC&limit=3`)
    ).data;
    expect(desc.map((e) => e['index'])).toEqual([n, n - 1, n - 2]);
    const dflt = (await getJson(sim, tok, `/account-entries?organizationId=${credit}&limit=3`)).data;
    expect(dflt.map((e) => e['index'])).toEqual([n, n - 1, n - 2]);
    const created = (
      await getJson(sim, tok, `/account-entries?organizationId=${credit}&sortBy=createdAt&sortDirection=ASC&limit=4`)
    ).data;
    expect(created.map((e) => e['index'])).toEqual([1, 2, 3, 4]);
  });

  it('filters by bookingDate (default), createdAt and updatedAt, inclusive, and by type', async () => {
    const everything = await all(sim, tok, `/account-entries?organizationId=${credit}&sortBy=index&sortDirection=ASC`);
    const from = '2025-04-25';
    const to = '2025-05-15';
    const inRange = (d: string): boolean => d >= from && d <= to;
    const byBooking = await all(
      sim,
      tok,
      `/account-entries?organizationId=${credit}&fromDate=${from}&toDate=${to}&sortBy=index&sortDirection=ASC`,
      100,
    );
    expect(byBooking.map((e) => e['id'])).toEqual(
      everything.filter((e) => inRange(e['bookingDate'] as string)).map((e) => e['id']),
    );
    const byCreated = await all(
      sim,
      tok,
      `/account-entries?organizationId=${credit}&dateField=createdAt&fromDate=${from}&toDate=${to}&sortBy=index&sortDirection=ASC`,
    );
    expect(byCreated.map((e) => e['id'])).toEqual(
      everything.filter((e) => inRange((e['createdAt'] as string).slice(0, 10))).map((e) => e['id']),
    );
    // late bookings make the two differ
    expect(byCreated.map((e) => e['id'])).not.toEqual(byBooking.map((e) => e['id']));
    // merchant enrichment days later moves updatedAt away from createdAt
    expect(
      everything.some((e) => (e['updatedAt'] as string).slice(0, 10) !== (e['createdAt'] as string).slice(0, 10)),
    ).toBe(true);
    const byUpdated = await all(
      sim,
      tok,
      `/account-entries?organizationId=${credit}&dateField=updatedAt&fromDate=${from}&toDate=${to}&sortBy=index&sortDirection=ASC`,
    );
    expect(byUpdated.map((e) => e['id'])).toEqual(
      everything.filter((e) => inRange((e['updatedAt'] as string).slice(0, 10))).map((e) => e['id']),
    );
    const bills = await all(sim, tok, `/account-entries?organizationId=${credit}&type=BILL_PAYMENT`);
    expect(bills.length).toBe(everything.filter((e) => e['type'] === 'BILL_PAYMENT').length);
    expect(bills.length).toBeGreaterThan(0);
    expect(bills.every((e) => e['type'] === 'BILL_PAYMENT' && typeof e['billPaymentId'] === 'string')).toBe(true);
    const onlyFrom = await all(sim, tok, `/account-entries?organizationId=${credit}&fromDate=2025-05-30`);
    expect(onlyFrom.length).toBe(everything.filter((e) => (e['bookingDate'] as string) >= '2025-05-30').length);
  });

  it('sorts by bookingDate, ties in index order', async () => {
    const list = await all(
      sim,
      tok,
      `/account-entries?organizationId=${credit}&sortBy=bookingDate&sortDirection=ASC`,
      500,
    );
    const keys = list.map((e) => `${e['bookingDate'] as string}#${String(e['index']).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
    const desc = await getJson(
      sim,
      tok,
      `/account-entries?organizationId=${credit}&sortBy=bookingDate&sortDirection=DESC&limit=1`,
    );
    expect(desc.data[0]!['bookingDate']).toBe(list[list.length - 1]!['bookingDate']);
  });

  it('rejects bad arguments with 400 ILLEGAL_ARGUMENTS_PROVIDED, outsiders with 403, onboarding with NOT_ACTIVE_ORG', async () => {
    const base = `/account-entries?organizationId=${credit}`;
    for (const q of [
      '&limit=1001',
      '&limit=0',
      '&page=-1',
      '&limit=abc',
      '&sortBy=amount',
      '&sortDirection=UP',
      '&dateField=bookedAt',
      '&fromDate=2025-13-01',
      '&fromDate=01.05.2025',
      '&type=FEE',
      '&fromDate=2025-05-10&toDate=2025-05-01',
    ]) {
      const [s, body] = await status(base + q);
      expect([q, s, body['code']]).toEqual([q, 400, 'ILLEGAL_ARGUMENTS_PROVIDED']);
    }
    const [missing, m] = await status('/account-entries');
    expect([missing, m['code']]).toEqual([400, 'ILLEGAL_ARGUMENTS_PROVIDED']);
    expect(String(m['message'])).toContain('organizationId');
    expect((await status('/account-entries?organizationId=nope'))[0]).toBe(400);
    expect((await status('/account-entries?organizationId=00000000-0000-4000-8000-000000000000'))[0]).toBe(403);
    const onboarding = orgs.find((o) => o['status'] === 'ONBOARDING_STARTED')!;
    const [s, body] = await status(`/account-entries?organizationId=${String(onboarding['organizationId'])}`);
    expect([s, body['code']]).toEqual([400, 'NOT_ACTIVE_ORG']);
    expect((await get(sim, tok, `/account-entries?organizationId=${credit}&limit=1000`)).status).toBe(200);
  });
});

describe('transactions', () => {
  it('returns transactions by ids (at most 100) and by date range', async () => {
    const entries = (await getJson(sim, tok, `/account-entries?organizationId=${credit}&type=TRANSACTION&limit=100`))
      .data;
    const ids = entries.map((e) => e['transactionId'] as string);
    const byIds = (await getJson(sim, tok, `/transactions?transactionIds=${ids.join(',')}`)).data;
    expect(byIds.map((t) => t['transactionId'])).toEqual(ids);
    expect(byIds.map((t) => (t['billingAmount'] as { value: number }).value)).toEqual(
      entries.map((e) => (e['amount'] as { value: number }).value),
    );
    const tooMany = await status(`/transactions?transactionIds=${[...ids, ids[0]].join(',')}`);
    expect([tooMany[0], tooMany[1]['code']]).toEqual([400, 'ILLEGAL_ARGUMENTS_PROVIDED']);
    const day = await all(sim, tok, `/transactions?organizationId=${credit}&fromDate=2025-05-12&toDate=2025-05-12`);
    const expected = (
      await all(
        sim,
        tok,
        `/account-entries?organizationId=${credit}&type=TRANSACTION&fromDate=2025-05-12&toDate=2025-05-12`,
      )
    ).length;
    expect(day.length).toBe(expected);
    expect(day.every((t) => t['bookingDate'] === '2025-05-12')).toBe(true);
    const everywhere = await all(sim, tok, `/transactions?fromDate=2025-05-12&toDate=2025-05-12`);
    expect(new Set(everywhere.map((t) => t['organizationId'])).size).toBeGreaterThan(1);
    const sorted = await all(
      sim,
      tok,
      `/transactions?organizationId=${credit}&sortBy=createdAt&sortDirection=ASC&dateField=createdAt&fromDate=2025-05-01`,
    );
    const times = sorted.map((t) => Date.parse(t['createdAt'] as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const updated = await all(
      sim,
      tok,
      `/transactions?organizationId=${credit}&dateField=updatedAt&fromDate=2025-05-20&toDate=2025-05-21`,
    );
    expect(updated.every((t) => ['2025-05-20', '2025-05-21'].includes((t['updatedAt'] as string).slice(0, 10)))).toBe(
      true,
    );
  });
});

describe('payments, cardholders, cards, receipts, signing keys', () => {
  it('lists bill payments, by organization and by ids', async () => {
    const list = await all(sim, tok, `/payments?organizationId=${credit}`);
    expect(list.length).toBe(sim.summary().organizations[0]!.billPayments);
    const ids = list.slice(0, 2).map((p) => p['paymentId'] as string);
    const byIds = (await getJson(sim, tok, `/payments?paymentIds=${ids.join(',')}`)).data;
    expect(byIds.map((p) => p['paymentId'])).toEqual(ids);
    expect(byIds.every((p) => p['status'] === 'PAID')).toBe(true);
  });

  it('lists cardholders and cards, with organization and status filters', async () => {
    const holders = await all(sim, tok, `/cardholders?organizationId=${credit}`);
    expect(holders.length).toBeGreaterThan(3);
    expect(holders.every((h) => h['organizationId'] === credit)).toBe(true);
    const invited = await all(sim, tok, '/cardholders?status=INVITED');
    expect(invited.length).toBeGreaterThan(0);
    expect(invited.every((h) => h['status'] === 'INVITED')).toBe(true);
    const cards = await all(sim, tok, `/cards?organizationId=${credit}`);
    expect(cards.filter((c) => c['platformFee'] === true).length).toBe(1);
    const paged = await getJson(sim, tok, `/cards?organizationId=${credit}&limit=2`);
    expect(paged.data.length).toBe(2);
    expect(paged.hasNextPage).toBe(true);
    expect((await status('/cardholders?status=GONE'))[0]).toBe(400);
  });

  it('lists the receipts of a transaction and serves their files with the right type', async () => {
    const w = sim.world;
    let tx = -1;
    for (let r = 0; r < w.transactions.length && tx < 0; r++) if (w.receiptsOf(r).length >= 2) tx = r;
    const txId = w.transactionId(tx);
    const page = await getJson<Page>(sim, tok, `/receipts?transactionId=${txId}&sortBy=createdAt&sortDirection=ASC`);
    expect(page.data.length).toBe(w.receiptsOf(tx).length);
    const types: Record<string, string> = { PDF: 'application/pdf', PNG: 'image/png', JPG: 'image/jpeg' };
    const hashes = new Set<string>();
    for (const r of page.data) {
      expect(r['transactionId']).toBe(txId);
      const res = await get(sim, tok, `/receipts/${String(r['receiptId'])}/original`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(types[r['mimeType'] as string]);
      const bytes = Buffer.from(await res.arrayBuffer());
      hashes.add(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(hashes.size).toBe(page.data.length);
    expect((await status('/receipts'))[0]).toBe(400);
    expect((await status('/receipts?transactionId=00000000-0000-4000-8000-000000000000'))[0]).toBe(404);
    expect((await get(sim, tok, '/receipts/00000000-0000-4000-8000-000000000000/original')).status).toBe(404);
  });

  it('publishes Ed25519 keys as a JWKS', async () => {
    const jwks = await getJson<{ keys: Rec[] }>(sim, tok, '/partner-management/signing/jwks.json');
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.any(String) });
      expect(createPublicKey({ key: k as never, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
    }
  });
});

describe('leads', () => {
  const lead = {
    partnersOrganizationId: 'acme-1',
    name: 'Acme Straßenbau GmbH',
    legalForm: 'GmbH',
    country: 'DE',
    industry: 'CONSTRUCTION',
    contacts: [{ firstName: 'Jürgen', lastName: 'Groß', email: 'j.gross@acme.example', role: 'CEO' }],
  };
  const post = (body: unknown): Promise<Response> =>
    fetch(`${sim.apiUrl}/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok}`, 'pliant-api-version': '2.1.0', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('accepts a valid lead once', async () => {
    const res = await post(lead);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ partnersOrganizationId: 'acme-1', status: 'RECEIVED' });
    expect((await post(lead)).status).toBe(409);
  });

  it('names the bad field', async () => {
    const cases: [unknown, string][] = [
      [{ ...lead, partnersOrganizationId: 'x1', country: 'XX' }, 'country'],
      [{ ...lead, partnersOrganizationId: 'x2', country: 'UK' }, 'country'],
      [{ ...lead, partnersOrganizationId: 'x3', industry: 'SPACE_TOURISM' }, 'industry'],
      [{ ...lead, partnersOrganizationId: 'x4', name: '' }, 'name'],
      [
        { ...lead, partnersOrganizationId: 'x5', contacts: [{ firstName: 'A', lastName: 'B', email: 'nope' }] },
        'contacts[0].email',
      ],
      [{ ...lead, partnersOrganizationId: undefined }, 'partnersOrganizationId'],
    ];
    for (const [body, fieldName] of cases) {
      const res = await post(body);
      const b = (await res.json()) as Rec;
      expect([res.status, b['code']]).toEqual([400, 'ILLEGAL_ARGUMENTS_PROVIDED']);
      expect(String(b['message']).startsWith(`${fieldName}:`)).toBe(true);
    }
  });
});
