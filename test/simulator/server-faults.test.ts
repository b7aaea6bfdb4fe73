// Every fault mode, over real HTTP.
import { parseFaultSpec } from '../../src/simulator/fault-spec.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { admin, get, getJson, NOW, token } from './http-helpers.js';

let sim: RunningSimulator;
let tok: string;
let org: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, orgs: 3, days: 30, now: NOW });
  tok = await token(sim);
  org = sim.summary().organizations[0]!.organizationId;
});
afterAll(() => sim.close());
afterEach(() => sim.clearFaults());

const entries = (q = ''): string => `/account-entries?organizationId=${org}${q}`;

async function statuses(n: number, path = '/organizations'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const res = await get(sim, tok, path);
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}

describe('faults', () => {
  it('answers the next N requests with a status, 503 as a proxy page', async () => {
    sim.setFaults([{ kind: 'status', status: 503, count: 2 }]);
    const first = await get(sim, tok, '/organizations');
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('text/html');
    expect(await first.text()).toContain('503');
    expect(await statuses(2)).toEqual([503, 200]);
    sim.setFaults([{ kind: 'status', status: 500, count: 1, endpoint: 'account-entries' }]);
    expect(await statuses(1)).toEqual([200]);
    const res = await get(sim, tok, entries());
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'simulated 500' });
  });

  it('fires on every n-th request, after skip', async () => {
    sim.setFaults([{ kind: 'status', status: 500, every: 3 }]);
    expect(await statuses(7)).toEqual([200, 200, 500, 200, 200, 500, 200]);
    sim.setFaults([{ kind: 'status', status: 502, skip: 2, count: 1 }]);
    expect(await statuses(4)).toEqual([200, 200, 502, 200]);
  });

  it('fires with a seeded probability', async () => {
    sim.setFaults([{ kind: 'status', status: 500, probability: 0.5 }]);
    const s = await statuses(40);
    const failed = s.filter((x) => x === 500).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });

  it('sends 429 storms, with Retry-After when asked', async () => {
    sim.setFaults([{ kind: 'storm', count: 3, retryAfter: 2 }]);
    const res = await get(sim, tok, '/organizations');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toBe('{"error": "Sending more than 900 requests in 5 minutes is not allowed"}');
    expect(await statuses(3)).toEqual([429, 429, 200]);
  });

  it('slows responses down', async () => {
    sim.setFaults([{ kind: 'slow', delayMs: 300, count: 1 }]);
    const t0 = Date.now();
    expect((await get(sim, tok, '/organizations')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
  });

  it('resets connections', async () => {
    sim.setFaults([{ kind: 'reset', every: 2 }]);
    expect((await get(sim, tok, '/organizations')).status).toBe(200);
    await expect(get(sim, tok, '/organizations')).rejects.toThrow();
    expect((await get(sim, tok, '/organizations')).status).toBe(200);
  });

  it('sends malformed JSON and 204 No Content', async () => {
    sim.setFaults([{ kind: 'malformed', count: 1 }]);
    const res = await get(sim, tok, entries());
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    sim.setFaults([{ kind: 'noContent', endpoint: 'cards' }]);
    const empty = await get(sim, tok, `/cards?organizationId=${org}`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('puts a record that breaks the contract on the chosen page', async () => {
    const q = entries('&sortBy=index&sortDirection=ASC&limit=10');
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', page: 1, variant: 'floatAmount' }]);
    const p0 = await getJson(sim, tok, `${q}&page=0`);
    expect(p0.data.every((e) => Number.isInteger((e['amount'] as { value: number }).value))).toBe(true);
    const p1 = await getJson(sim, tok, `${q}&page=1`);
    expect(Number.isInteger((p1.data[0]!['amount'] as { value: number }).value)).toBe(false);
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', variant: 'missingId' }]);
    expect((await getJson(sim, tok, `${q}&page=0`)).data[0]!['id']).toBeUndefined();
    sim.setFaults([{ kind: 'violation', endpoint: 'transactions', variant: 'stringAmount' }]);
    const tx = await getJson(sim, tok, `/transactions?organizationId=${org}&limit=1`);
    expect(typeof (tx.data[0]!['billingAmount'] as { value: unknown }).value).toBe('string');
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', variant: 'nullAmount' }]);
    expect((await getJson(sim, tok, `${q}&page=0`)).data[0]!['amount']).toBeNull();
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', variant: 'stringIndex' }]);
    expect(typeof (await getJson(sim, tok, `${q}&page=0`)).data[0]!['index']).toBe('string');
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', variant: 'badDate' }]);
    expect((await getJson(sim, tok, `${q}&page=0`)).data[0]!['bookingDate']).toBe('31.02.2025');
  });

  it('inserts rows while a client pages, shifting newest-first offsets', async () => {
    const before = sim.summary().organizations[0]!.entries;
    sim.setFaults([{ kind: 'insertRows', endpoint: 'account-entries', page: 0, rows: 3 }]);
    const p0 = await getJson(sim, tok, entries('&limit=5&page=0'));
    const p1 = await getJson(sim, tok, entries('&limit=5&page=1'));
    expect(sim.summary().organizations[0]!.entries).toBe(before + 3);
    // newest first: the three new rows pushed page 0's last three onto page 1
    expect(p1.data.slice(0, 3).map((e) => e['id'])).toEqual(p0.data.slice(2, 5).map((e) => e['id']));
    const newest = await getJson(sim, tok, entries('&limit=3'));
    expect(newest.data.every((e) => (e['createdAt'] as string) >= '2025-06-01')).toBe(true);
    // ascending by index, nothing is skipped or shifted
    const asc = await getJson(sim, tok, entries('&sortBy=index&sortDirection=ASC&limit=5'));
    expect(asc.data.map((e) => e['index'])).toEqual([1, 2, 3, 4, 5]);
  });

  it('is driven by the admin endpoint and by CLI specs', async () => {
    await admin(sim, 'PUT', '/faults', [{ kind: 'status', status: 503, count: 1 }]);
    expect(((await admin(sim, 'GET', '/faults')) as { rules: unknown[] }).rules).toHaveLength(1);
    expect(await statuses(2)).toEqual([503, 200]);
    await admin(sim, 'POST', '/faults', parseFaultSpec('storm:count=1'));
    expect(await statuses(2)).toEqual([429, 200]);
    await admin(sim, 'POST', '/faults', { rules: [parseFaultSpec('status:status=500,every=2')] });
    await admin(sim, 'DELETE', '/faults');
    expect(await statuses(2)).toEqual([200, 200]);
    const bad = await fetch(`${sim.adminUrl}/faults`, { method: 'PUT', body: JSON.stringify([{ kind: 'explode' }]) });
    expect(bad.status).toBe(400);
    expect(() => parseFaultSpec('status')).toThrow(/status/);
    expect(parseFaultSpec('reset:every=7')).toEqual({ kind: 'reset', every: 7 });
    expect(parseFaultSpec('{"kind":"slow","delayMs":5}')).toEqual({ kind: 'slow', delayMs: 5 });
  });

  it('leaves the token endpoint alone unless a fault names it', async () => {
    sim.setFaults([{ kind: 'status', status: 503, count: 1 }]);
    await token(sim);
    sim.setFaults([{ kind: 'status', status: 503, count: 1, endpoint: 'token' }]);
    await expect(token(sim)).rejects.toThrow(/503/);
  });
});
