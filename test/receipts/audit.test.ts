/**
 * Receipts cost what changed (issue 13): with nothing new a sync lists only the audit's share,
 * the audit goes round the whole window in turn, and a change is found through its signal
 * (receiptIds, updatedAt, a failed download, a file gone from the store) by the next run.
 */
import { rmSync } from 'node:fs';

import type { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import { startSimulator } from '../../src/simulator/index.js';
import { readStatus, type AuditStatus } from '../../src/status/read-status.js';
import { renderStatus } from '../../src/status/render-status.js';
import { daysBefore } from '../../src/streams/mapping.js';
import { createTestDatabase, prismaFor, withClient, type TestDatabase } from '../helpers/db.js';
import { SIM_NOW, type Simulator } from '../helpers/sync-harness.js';
import {
  auditWindows,
  listingClient,
  receiptOptions,
  receiptStats,
  removeTempStores,
  simReceipts,
  simToday,
  sum,
  syncWithReceipts,
  tempStore,
  UNLIMITED,
} from './support.js';

let sim: Simulator;
let db: TestDatabase;
let store: LocalDirectoryStore;
/** What the first sync listed: every transaction with a receipt (no audit then). */
let firstListed: string[];

const LOOKBACK_DAYS = 12;
const windowFrom = () => daysBefore(simToday(sim), LOOKBACK_DAYS);
const options = (auditPerRun: number) => receiptOptions(store, { lookbackDays: LOOKBACK_DAYS, auditPerRun });

/** One sync; what it listed, per organization (from the client's own request log). */
async function run(auditPerRun: number) {
  const recorder = listingClient(sim);
  sim.resetStats();
  const result = await syncWithReceipts(sim, db.url, options(auditPerRun), { client: recorder.client });
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('succeeded');
  return { result, listed: await orgOf(recorder.listed()), routes: sim.stats().routes };
}

/** Listed transaction ids grouped by organization. */
async function orgOf(ids: string[]): Promise<Map<string, string[]>> {
  const { rows } = await withClient(db.url, (c) =>
    c.query<{ id: string; organization_id: string }>(
      `SELECT id, organization_id FROM transactions WHERE id = ANY($1::text[])`,
      [ids],
    ),
  );
  const byId = new Map(rows.map((r) => [r.id, r.organization_id]));
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const org = byId.get(id) ?? '?';
    (out.get(org) ?? out.set(org, []).get(org)!).push(id);
  }
  return out;
}

async function audits(): Promise<Map<string, AuditStatus | null>> {
  const prisma = prismaFor(db.url);
  try {
    return new Map((await readStatus(prisma)).receipts.organizations.map((o) => [o.organizationId, o.audit]));
  } finally {
    await prisma.$disconnect();
  }
}

/** A booked purchase of the mirror, by a condition on `t` (transaction) and `e` (its entry). */
async function purchase(where: string, params: unknown[] = []): Promise<string> {
  const { rows } = await withClient(db.url, (c) =>
    c.query<{ id: string }>(
      `SELECT t.id FROM transactions t JOIN account_entries e ON e.transaction_id = t.id
        WHERE e.type = 'TRANSACTION' AND t.type = 'PURCHASE' AND NOT t.platform_fee AND ${where} ORDER BY t.id LIMIT 1`,
      params,
    ),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

const liveReceiptOf = `EXISTS (SELECT 1 FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL)`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, orgs: 2, days: 40, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
  store = tempStore();
  const first = await run(0);
  firstListed = [...first.listed.values()].flat();
  expect(firstListed.length).toBeGreaterThan(0);
});
afterAll(async () => {
  await sim.close();
  await db.drop();
  removeTempStores();
});

describe('receipts with nothing new', () => {
  it('lists on the first run exactly the transactions with receipts, each once', async () => {
    const withReceipts = new Set([...simReceipts(sim).values()].filter((r) => !r.deleted).map((r) => r.transactionId));
    expect([...firstListed].sort()).toEqual([...withReceipts].sort());
  });

  it('lists none without the audit, and at most one page per other stream and organization', async () => {
    const { result, routes } = await run(0);
    expect(routes['receipts']).toBeUndefined();
    expect(routes['receipt-file']).toBeUndefined();
    expect(
      result.streams.filter((s) => s.requests > 1).map((s) => `${s.stream} ${s.organizationId}: ${s.requests}`),
    ).toEqual([]);
    expect(result.totals.inserted + result.totals.updated).toBe(0);
  });

  it('re-checks every transaction of the window in turn, least recently checked first, and status says when it went round', async () => {
    const windows = await auditWindows(db.url, windowFrom());
    expect(windows.size).toBe(2);
    const largest = Math.max(...[...windows.values()].map((w) => w.size));
    // About four runs a round.
    const perRun = Math.ceil(largest / 4);
    // Checked since the current round began; the first round: checked at all.
    const seen = new Map([...windows].map(([org, w]) => [org, new Set(firstListed.filter((id) => w.has(id)))]));
    const before = await audits();
    for (const [org, w] of windows) {
      expect(seen.get(org)!.size).toBeLessThan(w.size);
      expect(before.get(org)).toMatchObject({
        windowSize: w.size,
        roundChecked: seen.get(org)!.size,
        lastRoundAt: null,
      });
    }
    const rounds = new Map([...windows.keys()].map((org) => [org, 0]));
    const lastRoundAt = new Map<string, Date | null>([...windows.keys()].map((org) => [org, null]));
    for (let i = 0; i < 12 && [...rounds.values()].some((n) => n < 2); i += 1) {
      const { result, listed } = await run(perRun);
      expect(result.totals.filesDownloaded).toBe(0);
      const status = await audits();
      for (const [org, w] of windows) {
        const ids = listed.get(org) ?? [];
        const done = seen.get(org)!;
        expect(ids).toHaveLength(Math.min(perRun, w.size));
        expect(ids.filter((id) => !w.has(id))).toEqual([]);
        // None again while others of the window wait; the rest first when fewer wait.
        const waiting = [...w].filter((id) => !done.has(id));
        if (waiting.length >= perRun) expect(ids.filter((id) => done.has(id))).toEqual([]);
        else expect(waiting.filter((id) => !ids.includes(id))).toEqual([]);
        for (const id of ids) done.add(id);
        const audit = status.get(org)!;
        expect(audit.windowSize).toBe(w.size);
        if (done.size === w.size) {
          // Went round in this run: a new round begins with nothing checked.
          expect(audit.lastRoundAt).not.toBeNull();
          expect(audit.lastRoundAt).not.toEqual(lastRoundAt.get(org));
          expect(audit.roundChecked).toBe(0);
          lastRoundAt.set(org, audit.lastRoundAt);
          rounds.set(org, rounds.get(org)! + 1);
          done.clear();
        } else {
          expect(audit.lastRoundAt).toEqual(lastRoundAt.get(org));
          expect(audit.roundChecked).toBe(done.size);
        }
      }
    }
    expect([...rounds.values()]).toEqual([2, 2]);
  });

  it('shows in status, per organization, its window, this round and when its audit last went round', async () => {
    const prisma = prismaFor(db.url);
    try {
      const report = await readStatus(prisma);
      const table = renderStatus(report).split('Receipts\n')[1]!.split('\n');
      expect(table[0]).toMatch(/audit window +re-checked this round +audit last went round \(UTC\)/);
      for (const o of report.receipts.organizations) {
        const line = table.find((l) => l.startsWith(o.organizationId))!;
        const went = o.audit!.lastRoundAt!.toISOString().replace('T', ' ').slice(0, 19);
        expect(line.split(/ {2,}/).slice(-3)).toEqual([
          String(o.audit!.windowSize),
          String(o.audit!.roundChecked),
          went,
        ]);
      }
    } finally {
      await prisma.$disconnect();
    }
  });
});

describe('receipts that changed', () => {
  it('finds a receipt added to an old transaction in the next run, through its updatedAt and receiptIds, with no audit', async () => {
    const txId = await purchase(`e.booking_date < $1::date AND ${liveReceiptOf}`, [windowFrom()]);
    const row = sim.world.transactionRow(txId);
    const receipt = sim.world.addReceipt(row, sim.world.nowSec, 0, 0);
    const { result, listed, routes } = await run(0);
    expect([...listed.values()].flat()).toEqual([txId]);
    expect(routes['receipts']!.requests).toBe(1);
    expect(routes['receipt-file']!.requests).toBe(1);
    expect(
      sum(
        result.streams.filter((s) => s.stream === 'transactions'),
        'updated',
      ),
    ).toBe(1);
    const truth = simReceipts(sim).get(sim.world.receiptId(receipt))!;
    const stored = await withClient(db.url, (c) =>
      c.query(`SELECT transaction_id, sha256, storage_key IS NOT NULL AS kept FROM receipts WHERE id = $1`, [truth.id]),
    );
    expect(stored.rows).toEqual([{ transaction_id: txId, sha256: truth.sha256, kept: true }]);
  });

  it('finds a receipt no signal announced when the audit comes to its transaction', async () => {
    // In the window, last updated well before the transactions stream's overlap: not re-read.
    const txId = await purchase(`e.booking_date >= $1::date AND t.updated_at < $2::date`, [
      windowFrom(),
      daysBefore(simToday(sim), 6),
    ]);
    const row = sim.world.transactionRow(txId);
    const t = sim.world.transactions;
    const was = [t.updatedSec[row]!, t.updatedNs[row]!] as const;
    const receipt = sim.world.addReceipt(row, sim.world.nowSec, 0, 1);
    // Pliant adds it without touching the transaction: no updatedAt, so no new receiptIds in the mirror.
    t.updatedSec[row] = was[0];
    t.updatedNs[row] = was[1];
    const receiptId = sim.world.receiptId(receipt);
    const quiet = await run(0);
    expect(quiet.routes['receipts']).toBeUndefined();

    const org = [...(await orgOf([txId])).keys()][0]!;
    const window = (await auditWindows(db.url, windowFrom())).get(org)!;
    expect(window.has(txId)).toBe(true);
    // A round in three runs at most: found by the third.
    const perRun = Math.ceil(window.size / 3);
    let runs = 0;
    let found = false;
    while (!found && runs < 4) {
      runs += 1;
      const { listed } = await run(perRun);
      found = [...listed.values()].flat().includes(txId);
    }
    expect(found).toBe(true);
    expect(runs).toBeLessThanOrEqual(3);
    const stored = await withClient(db.url, (c) =>
      c.query(`SELECT transaction_id, sha256 FROM receipts WHERE id = $1`, [receiptId]),
    );
    expect(stored.rows).toEqual([{ transaction_id: txId, sha256: simReceipts(sim).get(receiptId)!.sha256 }]);
  });

  it('lists a transaction again after a failed download, and nothing else', async () => {
    const txId = await purchase(`e.booking_date < $1::date AND ${liveReceiptOf}`, [windowFrom()]);
    const receiptId = sim.world.receiptId(sim.world.addReceipt(sim.world.transactionRow(txId), sim.world.nowSec, 0, 2));
    sim.setFaults([{ kind: 'status', endpoint: 'receipt-file', status: 404, count: 1 }]);
    try {
      const failed = await run(0);
      expect(sum(receiptStats(failed.result), 'filesDownloaded')).toBe(0);
    } finally {
      sim.clearFaults();
    }
    const problem = await withClient(db.url, (c) => c.query(`SELECT problem FROM receipts WHERE id = $1`, [receiptId]));
    expect(problem.rows[0].problem).toMatch(/^download failed/);
    const retried = await run(0);
    expect([...retried.listed.values()].flat()).toEqual([txId]);
    expect(retried.routes['receipt-file']!.requests).toBe(1);
    const fixed = await withClient(db.url, (c) =>
      c.query(`SELECT problem, storage_key IS NOT NULL AS kept FROM receipts WHERE id = $1`, [receiptId]),
    );
    expect(fixed.rows).toEqual([{ problem: null, kept: true }]);
  });

  it('notices a file gone from the store without asking Pliant, and lists only its transaction', async () => {
    const { rows } = await withClient(db.url, (c) =>
      c.query<{ transaction_id: string; storage_key: string }>(
        `SELECT min(transaction_id) AS transaction_id, storage_key FROM receipts WHERE deleted_at IS NULL AND storage_key IS NOT NULL
          GROUP BY storage_key HAVING count(DISTINCT transaction_id) = 1 ORDER BY 2 LIMIT 1`,
      ),
    );
    const victim = rows[0]!;
    rmSync(store.pathOf(victim.storage_key));
    const { listed, routes } = await run(0);
    expect([...listed.values()].flat()).toEqual([victim.transaction_id]);
    expect(routes['receipt-file']!.requests).toBe(1);
    await expect(store.has(victim.storage_key)).resolves.toBe(true);
  });
});
