import { startSimulator } from '../../src/simulator/index.js';
import { runSync } from '../../src/sync/runner.js';
import { databaseFor, testDatabases, withClient, type TestDatabase } from '../helpers/db.js';
import { quietLogger } from '../helpers/logs.js';
import { compareMirror } from '../helpers/mirror-compare.js';
import { readTruth, type Truth } from '../helpers/sim-truth.js';
import { SIM_NOW, syncOnce, testClient, written, type Simulator } from '../helpers/sync-harness.js';

let sim: Simulator;
let truth: Truth;
const databases = testDatabases();

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 5, orgs: 3, days: 60, now: SIM_NOW });
  truth = await readTruth(sim.apiUrl, sim.tokenUrl);
});
afterAll(async () => {
  await sim.close();
});
async function syncedDb(): Promise<TestDatabase> {
  const db = await databases.fresh();
  expect((await syncOnce(sim, db.url)).status).toBe('succeeded');
  return db;
}

async function backfill(databaseUrl: string, from: string, to: string) {
  const database = databaseFor(databaseUrl);
  try {
    return await runSync(
      { database, client: testClient(sim), logger: quietLogger() },
      { mode: { kind: 'backfill', from, to } },
    );
  } finally {
    await database.close();
  }
}
const cursors = (url: string) =>
  withClient(
    url,
    async (c) =>
      (await c.query('SELECT stream, organization_id, value, updated_at, run_id FROM sync_cursors ORDER BY 1, 2')).rows,
  );

describe('backfill', () => {
  it('re-reads an old range, repairs what differs, is idempotent, and never moves a cursor', async () => {
    const db = await syncedDb();
    const before = await cursors(db.url);
    expect(before.length).toBeGreaterThanOrEqual(6);

    const quiet = await backfill(db.url, '2026-05-01', '2026-05-20');
    expect(quiet.status).toBe('succeeded');
    expect(quiet.kind).toBe('backfill');
    expect(quiet.totals.fetched).toBeGreaterThan(0);
    expect(written(quiet)).toBe(0);

    // A row damaged in the mirror inside the range is put right; one outside it is not touched.
    // (The damage is to raw only: a damaged amount would break the balance chain, which every
    // run checks and repairs by itself.)
    const [inside, outside] = await withClient(db.url, async (c) => {
      const pick = async (from: string, to: string) =>
        (
          await c.query(`SELECT id FROM account_entries WHERE booking_date BETWEEN $1 AND $2 ORDER BY id LIMIT 1`, [
            from,
            to,
          ])
        ).rows[0].id as string;
      const ids = [await pick('2026-05-05', '2026-05-10'), await pick('2026-06-10', '2026-06-20')];
      await c.query(`UPDATE account_entries SET raw = raw || '{"damaged": true}' WHERE id = ANY($1)`, [ids]);
      return ids;
    });
    const repair = await backfill(db.url, '2026-05-01', '2026-05-20');
    expect(repair.totals.updated).toBe(1);
    await withClient(db.url, async (c) => {
      const rows = await c.query(`SELECT id, NOT raw ? 'damaged' AS ok FROM account_entries WHERE id = ANY($1)`, [
        [inside, outside],
      ]);
      expect(Object.fromEntries(rows.rows.map((r) => [r.id, r.ok]))).toEqual({ [inside!]: true, [outside!]: false });
      await c.query(`UPDATE account_entries SET raw = raw - 'damaged' WHERE id = $1`, [outside]);
    });
    expect(await cursors(db.url)).toEqual(before);
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });
});

describe('a record that breaks the contract', () => {
  it('fails its page naming organization, stream, record and field; committed pages and the cursor stay', async () => {
    const db = await databases.fresh();
    sim.setFaults([{ kind: 'violation', endpoint: 'account-entries', page: 2, variant: 'floatAmount' }]);
    const failed = await syncOnce(sim, db.url, { pageSize: 100, concurrency: 1 });
    sim.clearFaults();
    expect(failed.status).toBe('failed');
    const bad = failed.streams.find((s) => s.status === 'failed')!;
    expect(bad.stream).toBe('account-entries');
    expect(failed.error).toMatch(
      new RegExp(`^organization ${bad.organizationId}, stream account-entries: .*record [^ ]+.*amount`),
    );
    expect(bad.inserted).toBe(200);
    await withClient(db.url, async (c) => {
      const mirrored = await c.query(
        `SELECT count(*)::int AS n, max(raw->>'createdAt') AS latest FROM account_entries WHERE organization_id = $1`,
        [bad.organizationId],
      );
      expect(mirrored.rows[0].n).toBe(200);
      const cursor = await c.query(
        `SELECT value FROM sync_cursors WHERE stream = 'account-entries' AND organization_id = $1`,
        [bad.organizationId],
      );
      expect(cursor.rows[0].value).toEqual({ createdAt: mirrored.rows[0].latest });
      const run = await c.query(`SELECT status, error FROM sync_runs`);
      expect(run.rows[0]).toEqual({ status: 'failed', error: failed.error });
    });
    // Other organizations went on; the next run completes the mirror.
    expect(failed.streams.filter((s) => s.stream === 'account-entries' && s.status === 'succeeded')).toHaveLength(2);
    const next = await syncOnce(sim, db.url);
    expect(next.status).toBe('succeeded');
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });
});

describe('the completeness check', () => {
  it('re-reads the days around a gap in the statement and closes it', async () => {
    const db = await syncedDb();
    const organizationId = String(truth.organizations[0]!.organizationId);
    await withClient(db.url, (c) =>
      c.query(`DELETE FROM account_entries WHERE organization_id = $1 AND entry_index IN (40, 41, 42)`, [
        organizationId,
      ]),
    );
    const result = await syncOnce(sim, db.url);
    expect(result.status).toBe('succeeded');
    const reread = result.streams.find(
      (s) => s.stream === 'account-entries (re-read)' && s.organizationId === organizationId,
    );
    expect(reread?.inserted).toBe(3);
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });

  it('ends the run incomplete, naming the organization and the index range, when a gap stays', async () => {
    const db = await syncedDb();
    const organizationId = String(truth.organizations[1]!.organizationId);
    const entries = truth.entries.get(organizationId)!;
    const last = entries.reduce((a, b) => (a.index > b.index ? a : b));
    // An entry the API does not have, four indexes past the last one: the re-read cannot fill the gap.
    await withClient(db.url, (c) =>
      c.query(
        `INSERT INTO account_entries (id, organization_id, card_account_id, entry_index, type, booking_date, amount, currency, balance_after, created_at, raw)
         VALUES ('phantom', $1, $2, $3, 'TRANSACTION', $4, 0, 'EUR', $5, $6, '{}')`,
        [organizationId, last.cardAccountId, last.index + 5, last.bookingDate, last.balanceAfter.value, last.createdAt],
      ),
    );
    const result = await syncOnce(sim, db.url);
    expect(result.status).toBe('incomplete');
    expect(result.problems).toEqual([
      `organization ${organizationId}, card account ${last.cardAccountId}: entries with index ${last.index + 1}..${last.index + 4} are missing`,
    ]);
    expect(result.error).toBe(`incomplete: ${result.problems[0]}`);
  });
});

describe('a run asked to stop', () => {
  it('between two streams ends stopped with the stop named, and the next run completes the mirror', async () => {
    const db = await databases.fresh();
    const stop = new AbortController();
    // The stop arrives as the cards stream finishes: no later stream sees a page, yet the run did not do its work.
    const progress = {
      page: () => undefined,
      streamDone: (stream: string) => {
        if (stream === 'cards') stop.abort();
      },
    };
    const stopped = await syncOnce(sim, db.url, { concurrency: 1, signal: stop.signal, progress });
    expect(stopped.status).toBe('stopped');
    expect(stopped.error).toContain('stopped on request');
    expect(stopped.streams.some((s) => s.stream === 'account-entries')).toBe(false);
    // No pseudo-stream stands for the stop: the summaries are the streams that ran.
    expect(stopped.streams.every((s) => s.status === 'succeeded')).toBe(true);
    const next = await syncOnce(sim, db.url);
    expect(next.status).toBe('succeeded');
    await withClient(db.url, async (c) => expect(await compareMirror(c, truth)).toEqual([]));
  });
});
