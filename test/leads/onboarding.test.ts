/**
 * The whole onboarding: leads sent to the simulator, its signed callbacks (doubled, late,
 * newest first) into the callback service, the lead states and history, and the first sync
 * of each organization as soon as it is authorized, in the same process, without a restart.
 */
import type { Database } from '../../src/db/database.js';
import { createLead } from '../../src/leads/create.js';
import { OrganizationSyncs, RunQueue } from '../../src/leads/organization-syncs.js';
import { isLeadEvent } from '../../src/leads/states.js';
import { CALLBACK_PATH, startCallbackService, type CallbackService } from '../../src/receipts/callbacks/server.js';
import { createTestDatabase, databaseFor, withClient, type TestDatabase } from '../helpers/db.js';
import { quietLogger } from '../helpers/logs.js';
import { testClient, type Simulator } from '../helpers/sync-harness.js';
import { postCallback, simulatorSigner } from '../receipts/callback-http.js';
import { receiptOptions, removeTempStores, tempStore } from '../receipts/support.js';
import { startLeadSimulator } from './support.js';

const SEED = 51;
const LEADS = 12;
let sim: Simulator;
let db: TestDatabase;
let database: Database;
let service: CallbackService;
let syncs: OrganizationSyncs;
const queue = new RunQueue();
const store = tempStore();

beforeAll(async () => {
  sim = await startLeadSimulator(SEED);
  db = await createTestDatabase({ migrated: true });
  database = databaseFor(db.url);
  // Prisma loads its query compiler on the first query: here, not between hooks from the processor's loop.
  await database.prisma.lead.count();
  const client = testClient(sim);
  syncs = new OrganizationSyncs({
    database,
    client,
    logger: quietLogger(),
    queue,
    runOptions: () => ({
      mode: { kind: 'sync', lookbackDays: 3, today: '2026-06-30' },
      receipts: receiptOptions(store),
    }),
  });
  service = await startCallbackService({
    port: 0,
    host: '127.0.0.1',
    db: database.prisma,
    client,
    receipts: receiptOptions(store),
    logger: quietLogger(),
    pollMs: 50,
    onAuthorized: (organizationId) => syncs.request(organizationId),
  });
});
afterAll(async () => {
  syncs.stop();
  await queue.idle();
  await service.close();
  await sim.close();
  await database.close();
  await db.drop();
  removeTempStores();
});

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  withClient(db.url, async (c) => (await c.query(sql, params)).rows as T[]);

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
/** Delivered by the simulator, processed by the service, and the syncs it started done. */
async function settled(): Promise<void> {
  await sim.callbacks.idle();
  await until(
    async () =>
      (await query<{ n: number }>(`SELECT count(*)::int AS n FROM callback_events WHERE status = 'pending'`))[0]!.n ===
      0,
  );
  await queue.idle();
}

const body = (i: number) => ({
  partnersOrganizationId: `partner-org-${i}`,
  name: `Kunde ${i} GmbH`,
  country: i % 2 ? 'Austria' : 'DE',
  industry: 'COMPUTER_SOFTWARE',
  website: `https://kunde${i}.example`,
  contacts: [{ firstName: 'Ada', lastName: `Kunde${i}`, email: `ada@kunde${i}.example`, phoneNumber: '+43123456789' }],
});

describe('the onboarding of referred customers', () => {
  it('follows every lead through signed callbacks and syncs each organization once it is authorized', async () => {
    sim.setCallbackUrl(service.url + CALLBACK_PATH);
    for (let i = 0; i < LEADS; i++) {
      const sent = await createLead(
        { db: database.prisma, client: testClient(sim), logger: quietLogger() },
        { ...body(i), country: i % 2 ? 'AT' : 'DE' },
      );
      expect(sent.outcome).toBe('sent');
    }
    const leads = sim.world.leads;
    // Day by day, as a worker lives through it: no restart in between.
    const listed: string[][] = [];
    for (let day = 0; day < 13; day++) {
      sim.advance(1);
      await settled();
      listed.push(sim.world.orgs.filter((o) => !o.unlisted).map((o) => o.id));
    }
    const plans = leads.map((l) => l.plan!);
    // The data set has each case this test is about (the same seed, the same plans).
    expect(plans.some((p) => p.rejected)).toBe(true);
    expect(plans.some((p) => !p.rejected && p.steps.some((s) => s.twice))).toBe(true);
    expect(plans.some((p) => !p.rejected && p.steps.some((s) => s.late && s.sent))).toBe(true);
    expect(plans.some((p) => !p.rejected && p.reversed)).toBe(true);
    expect(plans.some((p) => !p.rejected && !p.sharesProgress)).toBe(true);

    const rows = await query<Record<string, string | null>>('SELECT * FROM leads ORDER BY id');
    expect(rows).toHaveLength(LEADS);
    for (const [i, lead] of leads.entries()) {
      const row = rows.find((r) => r['partners_organization_id'] === lead.partnersOrganizationId)!;
      expect(row['country']).toBe(i % 2 ? 'AT' : 'DE');
      if (lead.plan!.rejected) {
        expect([row['state'], row['organization_id']]).toEqual(['SENT', null]);
        continue;
      }
      const org = sim.world.orgs[lead.org]!;
      expect(row).toMatchObject({
        state: 'AUTHORIZATION_GRANTED',
        organization_id: org.id,
        last_event_type: expect.any(String),
      });
      // Every callback the simulator sent about it, once, in the history (duplicates kept once).
      const sent = new Set(
        sim.callbacks.records.filter((r) => r.organizationId === org.id && isLeadEvent(r.eventType)).map((r) => r.id),
      );
      const history = await query<{ event_type: string; callback_id: string | null }>(
        `SELECT e.event_type, c.callback_id FROM lead_events e LEFT JOIN callback_events c ON c.id = e.callback_event_id WHERE e.lead_id = $1 ORDER BY e.occurred_at`,
        [row['id']],
      );
      expect(new Set(history.filter((h) => h.callback_id).map((h) => h.callback_id))).toEqual(sent);
      expect(history.filter((h) => h.callback_id).length).toBe(sent.size);
      // Its own sending is in it too (on our clock, not the simulator's: not ordered against the callbacks).
      expect(history.filter((h) => !h.callback_id).map((h) => h.event_type)).toEqual(['SENT']);
      expect(history.filter((h) => h.callback_id).at(-1)!.event_type).toBe('AUTHORIZATION_GRANTED');
      // Granted, then synced at once: the first sync was a run for this organization alone.
      expect(row['first_sync_run_id']).not.toBeNull();
      const [run] = await query<{ status: string; scope: { organizations: string[] } }>(
        'SELECT status, scope FROM sync_runs WHERE id = $1',
        [row['first_sync_run_id']],
      );
      expect(run).toMatchObject({ status: 'succeeded', scope: { organizations: [org.id] } });
      const [{ n }] = (await query<{ n: number }>(
        'SELECT count(*)::int AS n FROM account_entries WHERE organization_id = $1',
        [org.id],
      )) as [{ n: number }];
      expect(n).toBeGreaterThan(0);
      // Pliant listed it only once it had authorized the partner.
      const grantedDay = lead.decisionDay + lead.plan!.days - (sim.world.today - 13);
      expect(listed.findIndex((ids) => ids.includes(org.id))).toBe(grantedDay);
    }
    // Some callbacks really came twice, and some after a later one.
    const attempts = sim.callbacks.attempts.filter((a) => a.status === 200);
    expect(attempts.length).toBeGreaterThan(new Set(attempts.map((a) => a.callbackId)).size);
  }, 120_000);

  it('never moves a state backwards, and keeps an event for a lead it does not know until the lead appears', async () => {
    const endpoint = service.url + CALLBACK_PATH;
    const signer = simulatorSigner(SEED);
    const organizationId = 'org-out-of-order';
    const at = (minute: number) => ({
      'x-callback-created-at': `2026-07-20T10:${String(minute).padStart(2, '0')}:00.000Z`,
    });
    // Newest first, and one twice; ORGANIZATION_ADDED last of all, for a lead not sent from here yet.
    await postCallback(
      endpoint,
      { eventType: 'AUTHORIZATION_GRANTED', organizationId },
      { signer, callbackId: 'ooo-4', headers: at(4) },
    );
    await postCallback(
      endpoint,
      { eventType: 'AUTHORIZATION_PENDING', organizationId },
      { signer, callbackId: 'ooo-3', headers: at(3) },
    );
    await postCallback(
      endpoint,
      { eventType: 'AUTHORIZATION_PENDING', organizationId },
      { signer, callbackId: 'ooo-3', headers: at(3) },
    );
    await postCallback(
      endpoint,
      { eventType: 'BANK_CONNECTION_STATUS_CHANGED', organizationId, status: 'CONNECTED' },
      { signer, callbackId: 'ooo-2', headers: at(2) },
    );
    await postCallback(
      endpoint,
      { eventType: 'ORGANIZATION_ADDED', organizationId, partnersOrganizationId: 'late-lead' },
      { signer, callbackId: 'ooo-1', headers: at(1) },
    );
    await settled();
    const kept = await query<{ lead_id: string | null; event_type: string }>(
      `SELECT lead_id, event_type FROM lead_events WHERE organization_id = $1 ORDER BY occurred_at`,
      [organizationId],
    );
    expect(kept).toEqual(
      ['ORGANIZATION_ADDED', 'BANK_CONNECTION_STATUS_CHANGED', 'AUTHORIZATION_PENDING', 'AUTHORIZATION_GRANTED'].map(
        (event_type) => ({ lead_id: null, event_type }),
      ),
    );

    // The simulator does not know this organization: its 403 keeps the first sync from succeeding, which is not this test's concern.
    const sent = await createLead(
      { db: database.prisma, client: testClient(sim), logger: quietLogger() },
      { ...body(99), country: 'AT', partnersOrganizationId: 'late-lead' },
    );
    expect(sent.outcome).toBe('sent');
    expect(sent.lead).toMatchObject({
      state: 'AUTHORIZATION_GRANTED',
      organizationId,
      stateChangedAt: new Date('2026-07-20T10:04:00.000Z'),
      lastEventType: 'AUTHORIZATION_GRANTED',
    });
    const linked = await query<{ n: number }>(`SELECT count(*)::int AS n FROM lead_events WHERE lead_id = $1`, [
      sent.lead.id.toString(),
    ]);
    expect(linked[0]!.n).toBe(5);

    // An older onboarding step arriving now changes nothing.
    await postCallback(
      endpoint,
      { eventType: 'ORGANIZATION_STATE_CHANGED', organizationId, status: 'ONBOARDING_STARTED' },
      { signer, callbackId: 'ooo-0', headers: at(0) },
    );
    await settled();
    const [after] = await query<{ state: string; state_changed_at: Date }>(
      `SELECT state, state_changed_at FROM leads WHERE partners_organization_id = 'late-lead'`,
    );
    expect(after).toEqual({ state: 'AUTHORIZATION_GRANTED', state_changed_at: new Date('2026-07-20T10:04:00.000Z') });
  }, 30_000);
});
