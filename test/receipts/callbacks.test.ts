import type { PrismaClient } from '../../src/db/prisma.js';
import { CALLBACK_PATH, startCallbackService, type CallbackService } from '../../src/receipts/callbacks/server.js';
import type { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import { startSimulator } from '../../src/simulator/index.js';
import { createTestDatabase, prismaFor, withClient, type TestDatabase } from '../helpers/db.js';
import { quietLogger } from '../helpers/logs.js';
import { SIM_NOW, testClient, type Simulator } from '../helpers/sync-harness.js';
import { makeClient } from '../pliant/support.js';
import { postCallback, simulatorSigner, strangerKey } from './callback-http.js';
import { receiptOptions, removeTempStores, simReceipts, syncWithReceipts, tempStore, UNLIMITED } from './support.js';

const SEED = 41;
let sim: Simulator;
let db: TestDatabase;
let prisma: PrismaClient;
let store: LocalDirectoryStore;
let service: CallbackService;
let endpoint: string;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    seed: SEED,
    orgs: 2,
    days: 20,
    now: SIM_NOW,
    rateLimit: UNLIMITED,
    callbackRetry: { baseDelayMs: 50 },
  });
  db = await createTestDatabase({ migrated: true });
  prisma = prismaFor(db.url);
  store = tempStore();
  const first = await syncWithReceipts(sim, db.url, receiptOptions(store));
  expect(first.status).toBe('succeeded');
  service = await startCallbackService({
    port: 0,
    host: '127.0.0.1',
    db: prisma,
    client: testClient(sim, { maxAttempts: 1 }),
    receipts: receiptOptions(store),
    logger: quietLogger(),
    retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 },
    pollMs: 50,
  });
  endpoint = service.url + CALLBACK_PATH;
});
afterAll(async () => {
  await service.close();
  await sim.close();
  await prisma.$disconnect();
  await db.drop();
  removeTempStores();
});

const count = (sql: string, params: unknown[] = []) =>
  withClient(db.url, async (c) => (await c.query<{ n: number }>(sql, params)).rows[0]!.n);
const events = () => count('SELECT count(*)::int AS n FROM callback_events');

async function until(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
const settled = () =>
  until(async () => (await count(`SELECT count(*)::int AS n FROM callback_events WHERE status = 'pending'`)) === 0);

interface Row {
  id: string;
  sha256: string | null;
  deleted_at: Date | null;
  last_changed_at: Date;
}
const receiptRow = (id: string) =>
  withClient(
    db.url,
    async (c) =>
      (await c.query<Row>('SELECT id, sha256, deleted_at, last_changed_at FROM receipts WHERE id = $1', [id])).rows[0],
  );

/** A live receipt of the simulator, and a payload about it. */
function someReceipt(): { id: string; payload: Record<string, string> } {
  const r = [...simReceipts(sim).values()].find((x) => !x.deleted)!;
  const organizationId = sim.world.orgs[sim.world.transactions.org[sim.world.transactionRow(r.transactionId)]!]!.id;
  return {
    id: r.id,
    payload: { eventType: 'RECEIPT_UPDATED', organizationId, receiptId: r.id, transactionId: r.transactionId },
  };
}

describe('the callback receiver', () => {
  it('takes receipts added, replaced and removed within seconds, without waiting for a sync', async () => {
    sim.setCallbackUrl(endpoint);
    const before = simReceipts(sim);
    const advanced = sim.advance(2);
    expect(advanced.callbacks).toBeGreaterThan(0);
    await sim.callbacks.idle();
    await settled();
    sim.setCallbackUrl(null);

    const records = sim.callbacks.records.filter((r) => r.eventType.startsWith('RECEIPT_'));
    expect(new Set(records.map((r) => r.eventType))).toEqual(
      new Set(['RECEIPT_CREATED', 'RECEIPT_UPDATED', 'RECEIPT_DELETED']),
    );
    expect(records.every((r) => r.state === 'delivered')).toBe(true);
    expect(await count(`SELECT count(*)::int AS n FROM callback_events WHERE status = 'processed'`)).toBe(
      records.length,
    );

    const truth = simReceipts(sim);
    for (const record of records) {
      const { receiptId } = JSON.parse(record.body) as { receiptId: string };
      const expected = truth.get(receiptId)!;
      const row = await receiptRow(receiptId);
      if (expected.deleted) {
        // Removed: marked, file kept; removed before we ever saw it: no row at all.
        if (before.has(receiptId) && !before.get(receiptId)!.deleted) expect(row?.deleted_at).not.toBeNull();
        else if (row) expect(row.deleted_at).not.toBeNull();
      } else {
        expect(row).toMatchObject({ sha256: expected.sha256, deleted_at: null });
      }
    }
  });

  it('stores a redelivered callback once and processes it once', async () => {
    sim.setFaults([{ kind: 'duplicateCallback', count: 1000 }]);
    sim.setCallbackUrl(endpoint);
    const before = await events();
    sim.advance(1);
    await sim.callbacks.idle();
    await settled();
    sim.setCallbackUrl(null);
    sim.clearFaults();
    const fresh = sim.callbacks.records.slice(-(sim.callbacks.records.length - before));
    const attempts = sim.callbacks.attempts.filter((a) => fresh.some((r) => r.id === a.callbackId));
    expect(attempts.length).toBe(2 * fresh.length);
    expect(attempts.every((a) => a.status === 200)).toBe(true);
    expect(await events()).toBe(before + fresh.length);
    expect(await count(`SELECT count(*)::int AS n FROM callback_events WHERE attempts <> 1`)).toBe(0);
  });

  it('answers a replay of the same X-Callback-Id 2xx and writes nothing twice', async () => {
    const { id, payload } = someReceipt();
    const signer = simulatorSigner(SEED);
    const first = await postCallback(endpoint, payload, { signer, callbackId: 'replayed-1' });
    expect(first).toEqual({ status: 200, body: { status: 'stored' } });
    await settled();
    const row = await receiptRow(id);
    const stored = await events();
    const again = await postCallback(endpoint, payload, { signer, callbackId: 'replayed-1' });
    expect(again).toEqual({ status: 200, body: { status: 'duplicate' } });
    await settled();
    expect(await events()).toBe(stored);
    expect(await receiptRow(id)).toEqual(row);
  });

  it.each([
    [
      'a tampered body',
      { sendBody: '{"eventType":"RECEIPT_DELETED","receiptId":"x","transactionId":"y"}' },
      401,
      'bad signature',
    ],
    ['a key Pliant never published', { signer: strangerKey() }, 401, 'bad signature'],
    ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }, 401, 'away from now'],
    ['a timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }, 401, 'away from now'],
    ['no signature', { headers: { 'webhook-signature': '' } }, 401, 'not signed'],
    ['a signature of another scheme', { headers: { 'webhook-signature': 'v1,c2lnbmF0dXJl' } }, 401, 'bad signature'],
  ])('refuses %s and stores nothing', async (_name, options, status, error) => {
    const { payload } = someReceipt();
    const stored = await events();
    const answer = await postCallback(endpoint, payload, { signer: simulatorSigner(SEED), ...options });
    expect(answer.status).toBe(status);
    expect(String((answer.body as { error: string }).error)).toContain(error);
    expect(await events()).toBe(stored);
  });

  it('refuses an oversized body with 413, announced or streamed', async () => {
    const stored = await events();
    const big = JSON.stringify({ eventType: 'RECEIPT_CREATED', padding: 'x'.repeat(100_000) });
    const announced = await postCallback(endpoint, big, { signer: simulatorSigner(SEED) });
    expect(announced.status).toBe(413);
    const streamed = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 20; i += 1) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await events()).toBe(stored);
  });

  it('tries failed processing again later', async () => {
    const { id, payload } = someReceipt();
    sim.setFaults([{ kind: 'status', status: 503, endpoint: 'receipts', count: 2 }]);
    const answer = await postCallback(
      endpoint,
      { ...payload, eventType: 'RECEIPT_CREATED' },
      { signer: simulatorSigner(SEED), callbackId: 'retried-1' },
    );
    expect(answer.status).toBe(200);
    await settled();
    sim.clearFaults();
    const event = await withClient(
      db.url,
      async (c) =>
        (await c.query(`SELECT status, attempts, error FROM callback_events WHERE callback_id = 'retried-1'`)).rows[0],
    );
    expect(event).toEqual({ status: 'processed', attempts: 3, error: null });
    expect((await receiptRow(id))?.deleted_at).toBeNull();
  });

  it('ignores signed events that are not about receipts or leads', async () => {
    const answer = await postCallback(
      endpoint,
      { eventType: 'CARD_ISSUED', organizationId: 'o', cardId: 'c' },
      { signer: simulatorSigner(SEED), callbackId: 'org-added-1' },
    );
    expect(answer.status).toBe(200);
    await settled();
    const event = await withClient(
      db.url,
      async (c) => (await c.query(`SELECT status FROM callback_events WHERE callback_id = 'org-added-1'`)).rows[0],
    );
    expect(event).toEqual({ status: 'ignored' });
  });

  it('answers /health with the database and the last successful sync', async () => {
    const health = await fetch(service.url + '/health');
    expect(health.status).toBe(200);
    const body = (await health.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ok: true, database: 'reachable', callbacks: { pending: 0, failed: 0 } });
    expect(String(body['lastSuccessfulSync'])).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await fetch(endpoint)).status).toBe(405);
    expect((await fetch(service.url + '/elsewhere', { method: 'POST' })).status).toBe(404);
  });
});

describe('the signing keys', () => {
  it('are fetched again once for a key not yet known (a rotation), at most every so often', async () => {
    const { FakeApiServer } = await import('../helpers/fake-api-server.js');
    const fake = await FakeApiServer.start();
    const [oldKey, newKey, forged] = [strangerKey(), strangerKey(), strangerKey()];
    let published = [oldKey.jwk];
    fake.route('GET', '/api/partner-management/signing/jwks.json', () => ({ json: { keys: published } }));
    const { client } = makeClient(fake, { retry: { maxAttempts: 1 } });
    const rotating = await startCallbackService({
      port: 0,
      host: '127.0.0.1',
      db: prisma,
      client,
      receipts: receiptOptions(store),
      logger: quietLogger(),
      keysMinRefreshMs: 300,
    });
    const url = rotating.url + CALLBACK_PATH;
    const jwksRequests = () => fake.apiRequests('/api/partner-management/signing/jwks.json').length;
    try {
      const notice = { eventType: 'ORGANIZATION_ADDED', organizationId: 'o' };
      expect((await postCallback(url, notice, { signer: oldKey })).status).toBe(200);
      expect(jwksRequests()).toBe(1);
      // Pliant adds a key and signs with it: one fetch more, and the callback is taken.
      published = [oldKey.jwk, newKey.jwk];
      await new Promise((r) => setTimeout(r, 350));
      expect((await postCallback(url, notice, { signer: newKey })).status).toBe(200);
      expect(jwksRequests()).toBe(2);
      // Forgeries right after cause no further fetch; later, one each at most.
      expect((await postCallback(url, notice, { signer: forged })).status).toBe(401);
      expect((await postCallback(url, notice, { signer: forged })).status).toBe(401);
      expect(jwksRequests()).toBe(2);
      await new Promise((r) => setTimeout(r, 350));
      expect((await postCallback(url, notice, { signer: forged })).status).toBe(401);
      expect(jwksRequests()).toBe(3);
    } finally {
      await rotating.close();
      await fake.close();
    }
  });
});
