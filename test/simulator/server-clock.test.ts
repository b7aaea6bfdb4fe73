// The clock: advancing books new days (late entries, receipt changes) and
// sends signed callbacks, retried on non-2xx. Checked over real HTTP.
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { admin, all, get, getJson, NOW, token } from './http-helpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const answered = new Set<string>();

let sim: RunningSimulator;
let tok: string;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, path: req.url ?? '' });
      const id = String(req.headers['x-callback-id']);
      if (req.url === '/always-down') res.writeHead(500).end();
      // every callback fails once: the simulator must retry
      else if (answered.has(id)) res.writeHead(204).end();
      else {
        answered.add(id);
        res.writeHead(503).end('busy');
      }
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim = await startSimulator({
    seed: 21,
    orgs: 3,
    days: 40,
    now: NOW,
    callbackUrl: `${receiverUrl}/callbacks`,
    callbackRetry: { attempts: 3, baseDelayMs: 10 },
  });
  tok = await token(sim);
});
afterAll(async () => {
  await sim.close();
  await new Promise<void>((r) => receiver.close(() => r()));
});

describe('advancing the clock', () => {
  let result: { now: string; newEntries: number; callbacks: number };
  const before = { entries: 0 };

  beforeAll(async () => {
    before.entries = sim.summary().totals.entries;
    result = (await admin(sim, 'POST', '/advance', { days: 6 })) as typeof result;
    await sim.callbacks.idle();
  });

  it('books the new days and moves the clock', async () => {
    expect(result.now).toBe('2025-06-07T00:00:00Z');
    expect(result.newEntries).toBeGreaterThan(0);
    expect(sim.summary().totals.entries).toBe(before.entries + result.newEntries);
    for (const o of sim.summary().organizations) expect(o.sumOfAmounts).toBe(o.balance);
  });

  it('creates entries today whose bookingDate lies days back', async () => {
    const late: Record<string, unknown>[] = [];
    for (const o of sim.summary().organizations) {
      const fresh = await all(
        sim,
        tok,
        `/account-entries?organizationId=${o.organizationId}&dateField=createdAt&fromDate=2025-06-01&sortBy=index&sortDirection=ASC`,
      );
      late.push(...fresh.filter((e) => (e['bookingDate'] as string) < (e['createdAt'] as string).slice(0, 10)));
    }
    expect(late.length).toBeGreaterThan(0);
    // they are invisible to a sync that only looks at recent booking dates without a lookback
    const someLate = late[0]!;
    expect((someLate['bookingDate'] as string) < (someLate['createdAt'] as string).slice(0, 10)).toBe(true);
  });

  it('adds receipts to old transactions, replaces and removes receipts, and says so in callbacks', async () => {
    const types = new Map<string, Record<string, string>[]>();
    for (const r of sim.callbacks.records) {
      const body = JSON.parse(r.body) as Record<string, string>;
      (types.get(body['eventType']!) ?? types.set(body['eventType']!, []).get(body['eventType']!)!).push(body);
    }
    expect([...types.keys()].sort()).toEqual(['RECEIPT_CREATED', 'RECEIPT_DELETED', 'RECEIPT_UPDATED']);
    // a receipt created now for a transaction booked before the clock moved
    const created = types.get('RECEIPT_CREATED')!;
    const oldOnes = await getJson(
      sim,
      tok,
      `/transactions?transactionIds=${created
        .slice(0, 100)
        .map((c) => c['transactionId'])
        .join(',')}`,
    );
    const old = oldOnes.data.filter((t) => (t['bookingDate'] as string) < '2025-06-01');
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((t) => (t['updatedAt'] as string) >= '2025-06-01')).toBe(true);
    // a removed receipt is gone from its transaction and its file is 404
    const deleted = types.get('RECEIPT_DELETED')![0]!;
    const listed = await getJson(sim, tok, `/receipts?transactionId=${deleted['transactionId']}`);
    expect(listed.data.map((r) => r['receiptId'])).not.toContain(deleted['receiptId']);
    expect((await get(sim, tok, `/receipts/${deleted['receiptId']}/original`)).status).toBe(404);
    const tx = await getJson(sim, tok, `/transactions?transactionIds=${deleted['transactionId']}`);
    expect(tx.data[0]!['receiptIds']).not.toContain(deleted['receiptId']);
  });

  it('signs every callback (Standard Webhooks, Ed25519) with a key from the JWKS', async () => {
    const jwks = await getJson<{ keys: { kid: string }[] }>(sim, tok, '/partner-management/signing/jwks.json');
    const keys = jwks.keys.map((k) => createPublicKey({ key: k as never, format: 'jwk' }));
    const mine = received.filter((r) => r.path === '/callbacks');
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      const h = r.headers;
      const body = JSON.parse(r.body) as Record<string, string>;
      expect(h['webhook-id']).toBe(h['x-callback-id']);
      expect(h['x-organization-id']).toBe(body['organizationId']);
      expect(Number.isNaN(Date.parse(String(h['x-callback-created-at'])))).toBe(false);
      const ts = Number(h['webhook-timestamp']);
      expect(Math.abs(Date.now() / 1000 - ts)).toBeLessThan(300);
      const sig = String(h['webhook-signature']);
      expect(sig.startsWith('v1a,')).toBe(true);
      const signed = Buffer.from(`${String(h['webhook-id'])}.${ts}.${r.body}`);
      const ok = keys.some((k) => verify(null, signed, k, Buffer.from(sig.slice(4), 'base64')));
      expect(ok).toBe(true);
      // a tampered body does not verify
      expect(
        keys.some((k) =>
          verify(
            null,
            Buffer.from(`${String(h['webhook-id'])}.${ts}.${r.body} `),
            k,
            Buffer.from(sig.slice(4), 'base64'),
          ),
        ),
      ).toBe(false);
    }
  });

  it('retries after a non-2xx answer until delivered', () => {
    const records = sim.callbacks.records.filter((r) => r.state !== 'dropped');
    expect(records.length).toBe(result.callbacks);
    expect(records.every((r) => r.state === 'delivered' && r.attempts === 2)).toBe(true);
    const perId = new Map<string, number>();
    for (const r of received)
      perId.set(String(r.headers['x-callback-id']), (perId.get(String(r.headers['x-callback-id'])) ?? 0) + 1);
    expect([...perId.values()].every((n) => n === 2)).toBe(true);
  });

  it('gives up after the configured attempts', async () => {
    sim.setCallbackUrl(`${receiverUrl}/always-down`);
    const r = sim.advance(1);
    await sim.callbacks.idle();
    expect(r.callbacks).toBeGreaterThan(0);
    const last = sim.callbacks.records.slice(-r.callbacks);
    expect(last.every((c) => c.state === 'failed' && c.attempts === 3)).toBe(true);
    sim.setCallbackUrl(`${receiverUrl}/callbacks`);
  });
});

describe('at-least-once delivery', () => {
  it('sends a callback twice when the duplicateCallback fault fires', async () => {
    sim.setFaults([{ kind: 'duplicateCallback', count: 2 }]);
    const from = received.length;
    const r = sim.advance(1);
    await sim.callbacks.idle();
    expect(r.callbacks).toBeGreaterThan(2);
    const perId = new Map<string, number>();
    for (const x of received.slice(from))
      perId.set(String(x.headers['x-callback-id']), (perId.get(String(x.headers['x-callback-id'])) ?? 0) + 1);
    // a callback is answered 503 once, then 204; a duplicate adds one more delivery
    expect([...perId.values()].sort()).toEqual([...Array(r.callbacks - 2).fill(2), 3, 3].sort());
    sim.clearFaults();
  });
});
