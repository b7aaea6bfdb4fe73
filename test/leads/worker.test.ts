/**
 * The first sync of a newly authorized organization through the real binary: `pliant-sync
 * worker` runs in a process of its own (as a container runs it), `lead create` sends a lead,
 * the simulator onboards it day by day and its signed callbacks reach the worker, which syncs
 * the organization as soon as it grants the authorization, without a restart.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { planOnboarding } from '../../src/simulator/generator/leads.js';
import { freePort, killLiveClis, runCli, spawnCli, waitUntil, type LiveCli } from '../helpers/cli.js';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/db.js';
import type { Simulator } from '../helpers/sync-harness.js';
import { describeOnServer } from '../helpers/target.js';
import { removeTempStores, tempStore } from '../receipts/support.js';
import { startLeadSimulator } from './support.js';

const SERVER_ONLY = 'the worker runs in a process of its own on one database';

// Whether Pliant onboards a lead is decided by the seed and the lead's serial (generator/leads.ts):
// with this seed the first lead is onboarded (not rejected) and authorizes the partner after 2 days.
const SEED = 42;
const PARTNER_ID = 'worker-lead-1';
/** Enough days for any onboarding (1 to 10 days after the decision). */
const MAX_DAYS = 14;

let sim: Simulator;
let db: TestDatabase;
const store = tempStore();
const cwd = mkdtempSync(join(tmpdir(), 'pliant-lead-worker-'));

beforeAll(async () => {
  sim = await startLeadSimulator(SEED);
  db = await createTestDatabase({ migrated: true });
});
afterAll(async () => {
  killLiveClis();
  await sim?.close();
  await db?.drop();
  removeTempStores();
});

/** What the worker and the CLI get: only these variables (runCli/spawnCli add PATH). */
const env = (): Record<string, string> => ({
  DATABASE_URL: db.url,
  PLIANT_ENV: 'simulator',
  PLIANT_API_URL: sim.apiUrl,
  PLIANT_AUTH_URL: sim.tokenUrl,
  PLIANT_RATE_LIMIT: '100000/300',
  RECEIPTS_DIR: store.location,
  LOG_LEVEL: 'info',
});
const cli = (args: string[]) => runCli(args, { ...env(), LOG_LEVEL: 'warn' }, { cwd, timeoutMs: 60_000 });

const query = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  withClient(db.url, async (c) => (await c.query(sql, params)).rows as T[]);

interface RunRow {
  id: string;
  status: string;
  scope: { organizations: string[] | null };
}
const runs = () => query<RunRow>(`SELECT id::text, status, scope FROM sync_runs WHERE kind = 'sync' ORDER BY id`);

const lead = {
  partnersOrganizationId: PARTNER_ID,
  name: 'Werkbank Software GmbH',
  country: 'DE',
  industry: 'COMPUTER_SOFTWARE',
  website: 'https://werkbank.example',
  contacts: [{ firstName: 'Ada', lastName: 'Werkbank', email: 'ada@werkbank.example', phoneNumber: '+4930123456' }],
};

describeOnServer(SERVER_ONLY)('the worker and a lead it follows', () => {
  it('syncs a newly authorized organization at once, in the same worker process, without a restart', async () => {
    // The data set this test is about: the first lead of this seed is onboarded.
    expect(planOnboarding(SEED, 0).rejected).toBe(false);

    const port = await freePort();
    const worker: LiveCli = spawnCli(
      ['worker'],
      { ...env(), CALLBACK_PORT: String(port), SYNC_CRON: '0 4 1 1 *' },
      { cwd: mkdtempSync(join(tmpdir(), 'pliant-worker-')) },
    );
    const pid = worker.pid;
    const exited = () => worker.exitCode !== null || worker.signalCode !== null;
    /** A wait that ends early when the worker has exited, and shows what the worker logged when it fails. */
    const waitFor = async (what: string, check: () => Promise<boolean>, timeoutMs: number) => {
      const failure = (why: string) => new Error(`${what}: ${why}\n--- worker output ---\n${worker.output()}`);
      await waitUntil(async () => exited() || (await check()), timeoutMs).catch((error: unknown) => {
        throw failure(error instanceof Error ? error.message : String(error));
      });
      if (exited()) throw failure(`the worker exited (code ${worker.exitCode}, signal ${worker.signalCode})`);
    };
    const base = `http://127.0.0.1:${port}`;
    // An empty mirror: the worker catches up at once (a run over every organization).
    await waitFor(
      'the catch-up run',
      async () => (await runs()).some((r) => r.status === 'succeeded' && r.scope.organizations === null),
      120_000,
    );
    await waitFor('/health', async () => (await fetch(`${base}/health`)).ok, 60_000);
    const runsBefore = (await runs()).length;

    sim.setCallbackUrl(`${base}/callbacks/pliant`);
    const file = join(cwd, 'lead.json');
    writeFileSync(file, JSON.stringify(lead));
    const sent = await cli(['lead', 'create', '--file', file]);
    expect({ code: sent.code, stderr: sent.stderr }).toEqual({ code: 0, stderr: '' });
    expect(sent.stdout).toContain(`Lead ${PARTNER_ID} sent to Pliant (state SENT)`);
    expect(sim.world.leads.map((l) => l.partnersOrganizationId)).toEqual([PARTNER_ID]);

    // Day by day, as a worker lives through it, until Pliant lists the organization (it granted the authorization).
    const authorized = () => {
      const l = sim.world.leads[0]!;
      const org = l.org >= 0 ? sim.world.orgs[l.org] : undefined;
      return org && !org.unlisted ? org : undefined;
    };
    for (let day = 0; day < MAX_DAYS && !authorized(); day++) {
      sim.advance(1);
      await sim.callbacks.idle();
    }
    const org = authorized();
    expect(org).toBeDefined();
    const organizationId = org!.id;

    // The worker's first sync of it: a run for this organization alone, and its entries in the mirror.
    await waitFor(
      'the first sync of the organization',
      async () =>
        (await runs()).some(
          (r) =>
            r.status === 'succeeded' &&
            r.scope.organizations?.length === 1 &&
            r.scope.organizations[0] === organizationId,
        ),
      120_000,
    );
    await waitFor(
      'its account entries',
      async () =>
        (
          await query<{ n: number }>('SELECT count(*)::int AS n FROM account_entries WHERE organization_id = $1', [
            organizationId,
          ])
        )[0]!.n > 0,
      60_000,
    );
    // Marked on the lead once its run has succeeded.
    await waitFor(
      'the lead marked synced',
      async () =>
        (
          await query(`SELECT 1 FROM leads WHERE partners_organization_id = $1 AND first_sync_run_id IS NOT NULL`, [
            PARTNER_ID,
          ])
        ).length === 1,
      60_000,
    );
    const first = (await runs()).slice(runsBefore);
    expect(first.filter((r) => r.scope.organizations?.includes(organizationId))).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        scope: expect.objectContaining({ organizations: [organizationId] }),
      }),
    ]);

    // The same process all along: it never stopped or restarted.
    expect([worker.pid, worker.exitCode, worker.signalCode]).toEqual([pid, null, null]);
    expect(worker.output().match(/Worker scheduled/g)).toHaveLength(1);
    expect(worker.output()).toContain(`Organization ${organizationId} authorized the integration: syncing it now`);

    const listed = await cli(['lead', 'list', '--json']);
    expect(listed.code).toBe(0);
    const leads = JSON.parse(listed.stdout) as Record<string, unknown>[];
    const firstRun = first.find((r) => r.scope.organizations?.[0] === organizationId)!;
    expect(leads).toEqual([
      expect.objectContaining({
        partnersOrganizationId: PARTNER_ID,
        organizationId,
        state: 'AUTHORIZATION_GRANTED',
        firstSyncRunId: expect.anything(),
      }),
    ]);
    expect(String(leads[0]!['firstSyncRunId'])).toBe(firstRun.id);

    worker.kill('SIGTERM');
    expect(await worker.done).toBe(0);
    expect(worker.output()).toContain('Worker stopped');
  }, 300_000);
});
