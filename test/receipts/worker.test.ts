/**
 * The callback receiver as `pliant-sync worker` serves it (the built CLI, as a container runs
 * it): health, a callback stored but not processed when the process is killed is processed
 * on the next start, SIGTERM still exits 0, and a port in use is a clear configuration error.
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSimulator } from '../../src/simulator/index.js';
import { freePort, killLiveClis, spawnCli, waitUntil, type LiveCli } from '../helpers/cli.js';
import { createTestDatabase, withClient, type TestDatabase } from '../helpers/db.js';
import { SIM_NOW, type Simulator } from '../helpers/sync-harness.js';
import { describeOnServer } from '../helpers/target.js';
import { postCallback, simulatorSigner } from './callback-http.js';
import { receiptOptions, removeTempStores, simReceipts, syncWithReceipts, tempStore, UNLIMITED } from './support.js';

const SERVER_ONLY = 'worker processes of their own on one database';

const SEED = 43;
let sim: Simulator;
let db: TestDatabase;
const store = tempStore();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: SEED, orgs: 1, days: 10, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
  // A mirror and a successful sync already: the worker has no catch-up run to make.
  expect((await syncWithReceipts(sim, db.url, receiptOptions(store))).status).toBe('succeeded');
});
afterAll(async () => {
  killLiveClis();
  await sim.close();
  await db.drop();
  removeTempStores();
});

function worker(port: number): LiveCli {
  return spawnCli(
    ['worker'],
    {
      DATABASE_URL: db.url,
      PLIANT_ENV: 'simulator',
      PLIANT_API_URL: sim.apiUrl,
      PLIANT_AUTH_URL: sim.tokenUrl,
      PLIANT_RATE_LIMIT: '100000/300',
      RECEIPTS_DIR: store.location,
      CALLBACK_PORT: String(port),
      SYNC_CRON: '0 4 * * *',
      LOG_LEVEL: 'info',
    },
    { cwd: mkdtempSync(join(tmpdir(), 'pliant-worker-')) },
  );
}

const eventOf = (callbackId: string) =>
  withClient(
    db.url,
    async (c) =>
      (await c.query(`SELECT status, attempts FROM callback_events WHERE callback_id = $1`, [callbackId])).rows[0],
  );

describeOnServer(SERVER_ONLY)('worker', () => {
  it('serves /health, and processes on the next start a callback it stored before it was killed', async () => {
    const port = await freePort();
    const first = worker(port);
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(async () => (await fetch(`${base}/health`)).ok);
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, database: 'reachable' });
    expect(health['lastSuccessfulSync']).not.toBeNull();

    // A receipt the mirror has lost, announced by a callback whose processing hangs at Pliant.
    const r = [...simReceipts(sim).values()].find((x) => !x.deleted)!;
    await withClient(db.url, (c) => c.query('DELETE FROM receipts WHERE id = $1', [r.id]));
    sim.setFaults([{ kind: 'slow', endpoint: 'receipts', delayMs: 1_500, count: 1 }]);
    const organizationId = sim.world.orgs[0]!.id;
    const answer = await postCallback(
      `${base}/callbacks/pliant`,
      { eventType: 'RECEIPT_CREATED', organizationId, receiptId: r.id, transactionId: r.transactionId },
      { signer: simulatorSigner(SEED), callbackId: 'killed-while-processing' },
    );
    expect(answer.status).toBe(200);
    // Being processed: the worker holds the event's row lock.
    const locked = () =>
      withClient(
        db.url,
        async (c) =>
          (
            await c.query(
              `SELECT 1 FROM callback_events WHERE callback_id = 'killed-while-processing' FOR UPDATE SKIP LOCKED`,
            )
          ).rows.length === 0,
      );
    await waitUntil(locked);
    first.kill('SIGKILL');
    await first.done;
    sim.clearFaults();
    expect(await eventOf('killed-while-processing')).toEqual({ status: 'pending', attempts: 0 });

    const second = worker(port);
    await waitUntil(async () => (await eventOf('killed-while-processing'))?.status === 'processed');
    const row = await withClient(
      db.url,
      async (c) => (await c.query('SELECT sha256, deleted_at FROM receipts WHERE id = $1', [r.id])).rows[0],
    );
    expect(row).toEqual({ sha256: r.sha256, deleted_at: null });
    second.kill('SIGTERM');
    expect(await second.done).toBe(0);
    expect(second.output()).toContain('Worker stopped');
  }, 40_000);

  it('stops with exit code 1 naming CALLBACK_PORT when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    try {
      const taken = worker((blocker.address() as AddressInfo).port);
      expect(await taken.done).toBe(1);
      expect(taken.output()).toMatch(
        /CALLBACK_PORT: \d+ is already in use by another process: the callback receiver cannot listen/,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
