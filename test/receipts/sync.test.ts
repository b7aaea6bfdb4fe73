import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';

import type { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import { startSimulator } from '../../src/simulator/index.js';
import { readStatus } from '../../src/status/read-status.js';
import { createTestDatabase, prismaFor, withClient, type TestDatabase } from '../helpers/db.js';
import { SIM_NOW, syncOnce, testClient, type Simulator } from '../helpers/sync-harness.js';
import {
  receiptOptions,
  receiptStats,
  removeTempStores,
  simReceipts,
  sum,
  syncWithReceipts,
  tempStore,
  UNLIMITED,
  type SimReceipt,
} from './support.js';

let sim: Simulator;
let db: TestDatabase;
let store: LocalDirectoryStore;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 31, orgs: 2, days: 25, now: SIM_NOW, rateLimit: UNLIMITED });
  db = await createTestDatabase({ migrated: true });
  store = tempStore();
});
afterAll(async () => {
  await sim.close();
  await db.drop();
  removeTempStores();
});

interface Stored {
  id: string;
  transaction_id: string;
  raw: Record<string, unknown>;
  sha256: string | null;
  size_bytes: string | null;
  storage_key: string | null;
  deleted_at: Date | null;
  problem: string | null;
}
const storedRows = (url = db.url) =>
  withClient(url, async (c) => new Map((await c.query<Stored>('SELECT * FROM receipts')).rows.map((r) => [r.id, r])));

/** Differences between the receipts table (and the files) and what the simulator has. */
async function compareWithSimulator(truth: Map<string, SimReceipt>): Promise<string[]> {
  const rows = await storedRows();
  const out: string[] = [];
  for (const r of truth.values()) {
    const row = rows.get(r.id);
    if (r.deleted) {
      // Removed before we ever saw it: no row. Removed after: kept, marked, file still there.
      if (row && row.deleted_at === null) out.push(`${r.id}: deleted at Pliant, not marked`);
      if (row?.storage_key && !existsSync(store.pathOf(row.storage_key)))
        out.push(`${r.id}: file of a deleted receipt removed`);
      continue;
    }
    if (!row) {
      out.push(`${r.id}: missing`);
      continue;
    }
    if (row.deleted_at !== null) out.push(`${r.id}: marked deleted but live`);
    if (JSON.stringify(row.raw) !== JSON.stringify(Object.fromEntries(Object.keys(row.raw).map((k) => [k, r.json[k]]))))
      out.push(`${r.id}: metadata differs`);
    if (row.sha256 !== r.sha256) out.push(`${r.id}: sha256 ${row.sha256} ≠ ${r.sha256}`);
    if (!row.storage_key) {
      out.push(`${r.id}: no file (${row.problem})`);
      continue;
    }
    const bytes = readFileSync(store.pathOf(row.storage_key));
    if (createHash('sha256').update(bytes).digest('hex') !== r.sha256)
      out.push(`${r.id}: file on disk has another sha256`);
  }
  for (const id of rows.keys()) if (!truth.has(id)) out.push(`${id}: not in the simulator`);
  return out;
}

describe('the receipts stream', () => {
  it('puts every receipt of the simulator on disk with its sha256, under a content address', async () => {
    const truth = simReceipts(sim);
    const live = [...truth.values()].filter((r) => !r.deleted);
    expect(new Set(live.map((r) => r.json['mimeType']))).toEqual(new Set(['PDF', 'PNG', 'JPG']));

    const result = await syncWithReceipts(sim, db.url, receiptOptions(store));
    expect(result.error).toBeUndefined();
    expect(result.status).toBe('succeeded');
    expect(await compareWithSimulator(truth)).toEqual([]);
    const stats = receiptStats(result);
    expect(sum(stats, 'filesDownloaded')).toBe(live.length);
    expect(sum(stats, 'bytesDownloaded')).toBe(live.reduce((n, r) => n + r.size, 0));
    expect(result.totals.filesDownloaded).toBe(live.length);

    const rows = await storedRows();
    for (const row of rows.values()) {
      // Content-addressed, never named after the API's file name (which has spaces, quotes, accents).
      expect(row.storage_key).toMatch(
        new RegExp(`^${row.sha256!.slice(0, 2)}/${row.sha256!.slice(2, 4)}/${row.sha256}\\.(pdf|png|jpg)$`),
      );
    }
    await withClient(db.url, async (c) => {
      const run = await c.query(`SELECT files_downloaded, bytes_downloaded::int FROM sync_runs WHERE id = $1`, [
        result.runId,
      ]);
      expect(run.rows[0]).toEqual({
        files_downloaded: live.length,
        bytes_downloaded: live.reduce((n, r) => n + r.size, 0),
      });
    });
  });

  it('downloads nothing and writes no row the second time', async () => {
    const client = testClient(sim);
    sim.resetStats();
    const second = await syncWithReceipts(sim, db.url, receiptOptions(store), { client });
    expect(second.status).toBe('succeeded');
    const stats = receiptStats(second);
    expect(sum(stats, 'filesDownloaded')).toBe(0);
    expect(sum(stats, 'inserted') + sum(stats, 'updated')).toBe(0);
    expect(second.totals.inserted + second.totals.updated).toBe(0);
    // Listing requests only: no file was asked for.
    const routes = sim.stats().routes;
    expect(routes['receipt-file']).toBeUndefined();
    expect(sum(stats, 'requests')).toBe(routes['receipts']!.requests);
    expect(second.totals.requests).toBe(client.stats.requests);
  });

  it('reflects receipts added, replaced and removed after the booking in the next run', async () => {
    const before = simReceipts(sim);
    sim.advance(4);
    const truth = simReceipts(sim);
    const added = [...truth.values()].filter((r) => !before.has(r.id) && !r.deleted);
    const late = added.filter((r) => {
      const tx = sim.world.transactionRow(r.transactionId);
      return tx >= 0 && sim.world.transactions.createdSec[tx]! < Date.parse(String(r.json['createdAt'])) / 1000 - 86400;
    });
    const replaced = [...truth.values()].filter(
      (r) => before.has(r.id) && !r.deleted && before.get(r.id)!.sha256 !== r.sha256,
    );
    const removed = [...truth.values()].filter((r) => before.has(r.id) && !before.get(r.id)!.deleted && r.deleted);
    expect(late.length).toBeGreaterThan(0);
    expect(replaced.length).toBeGreaterThan(0);
    expect(removed.length).toBeGreaterThan(0);
    const oldFiles = await storedRows();

    const third = await syncWithReceipts(sim, db.url, receiptOptions(store));
    expect(third.status).toBe('succeeded');
    expect(await compareWithSimulator(truth)).toEqual([]);
    expect(sum(receiptStats(third), 'filesDownloaded')).toBe(added.length + replaced.length);
    const rows = await storedRows();
    for (const r of removed) {
      const row = rows.get(r.id)!;
      expect(row.deleted_at).not.toBeNull();
      // The file of a removed receipt is kept.
      expect(existsSync(store.pathOf(row.storage_key!))).toBe(true);
    }
    for (const r of replaced) expect(existsSync(store.pathOf(oldFiles.get(r.id)!.storage_key!))).toBe(true);
  });

  it('catches changes outside the look-back window from the transactions (receiptIds, updatedAt), listing only those', async () => {
    const before = simReceipts(sim);
    sim.advance(3);
    const truth = simReceipts(sim);
    const changedOld = [...truth.values()].filter(
      (r) => before.has(r.id) && (before.get(r.id)!.sha256 !== r.sha256 || before.get(r.id)!.deleted !== r.deleted),
    );
    expect(changedOld.length).toBeGreaterThan(0);
    sim.resetStats();
    // A window of today only: older transactions are listed because the transactions stream saw them change.
    const run = await syncWithReceipts(sim, db.url, receiptOptions(store, { lookbackDays: 0 }));
    expect(run.status).toBe('succeeded');
    expect(await compareWithSimulator(truth)).toEqual([]);
    const listed = sim.stats().routes['receipts']!.requests;
    const transactions = await withClient(
      db.url,
      async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM transactions')).rows[0]!.n,
    );
    expect(listed).toBeLessThan(transactions / 3);
  });

  it('lists every booked purchase without a live receipt in missing_receipts, and status counts them', async () => {
    const truth = simReceipts(sim);
    const liveByTx = new Set([...truth.values()].filter((r) => !r.deleted).map((r) => r.transactionId));
    await withClient(db.url, async (c) => {
      const expected = await c.query<{ id: string }>(
        `SELECT t.id FROM transactions t JOIN account_entries e ON e.transaction_id = t.id
          WHERE e.type = 'TRANSACTION' AND t.type = 'PURCHASE' AND NOT t.platform_fee AND t.receipt_needed IS NOT FALSE ORDER BY 1`,
      );
      const missing = expected.rows.map((r) => r.id).filter((id) => !liveByTx.has(id));
      expect(missing.length).toBeGreaterThan(0);
      const view = await c.query<{ transaction_id: string }>('SELECT transaction_id FROM missing_receipts ORDER BY 1');
      expect(view.rows.map((r) => r.transaction_id)).toEqual(missing);
      // Platform fees and refunds are never "missing".
      const wrong = await c.query(
        `SELECT 1 FROM missing_receipts m JOIN transactions t ON t.id = m.transaction_id WHERE t.platform_fee OR t.type <> 'PURCHASE'`,
      );
      expect(wrong.rows).toEqual([]);
      const prisma = prismaFor(db.url);
      try {
        const status = await readStatus(prisma);
        const deleted = (
          await c.query<{ n: number }>('SELECT count(*)::int AS n FROM receipts WHERE deleted_at IS NOT NULL')
        ).rows[0]!.n;
        expect(status.receipts.totals).toEqual({
          present: [...truth.values()].filter((r) => !r.deleted).length,
          missing: missing.length,
          deleted,
          problems: 0,
        });
        expect(status.receipts.organizations).toHaveLength(2);
      } finally {
        await prisma.$disconnect();
      }
    });
  });

  it('a backfill re-lists the receipts of its range and downloads nothing new', async () => {
    const result = await syncOnce(sim, db.url, {
      mode: { kind: 'backfill', from: '2026-06-10', to: '2026-06-20' },
      receipts: receiptOptions(store),
      streams: ['receipts'],
    });
    expect(result.status).toBe('succeeded');
    const stats = receiptStats(result);
    expect(sum(stats, 'requests')).toBeGreaterThan(10);
    expect(sum(stats, 'filesDownloaded')).toBe(0);
    expect(sum(stats, 'inserted') + sum(stats, 'updated')).toBe(0);
  });

  it('fetches a file again when it vanished from the store', async () => {
    const rows = [...(await storedRows()).values()].filter((r) => r.deleted_at === null && r.storage_key);
    const victim = rows[0]!;
    rmSync(store.pathOf(victim.storage_key!));
    const result = await syncOnce(sim, db.url, {
      mode: { kind: 'backfill', from: '2026-01-01', to: '2026-12-31' },
      receipts: receiptOptions(store),
      streams: ['receipts'],
    });
    expect(sum(receiptStats(result), 'filesDownloaded')).toBe(1);
    expect(existsSync(store.pathOf(victim.storage_key!))).toBe(true);
  });

  it('keeps files over RECEIPTS_MAX_BYTES out of the store, says so, and fetches them once the cap is raised', async () => {
    const small = await createTestDatabase({ migrated: true });
    try {
      const sizes = [...simReceipts(sim).values()]
        .filter((r) => !r.deleted)
        .map((r) => r.size)
        .sort((a, b) => a - b);
      const cap = sizes[Math.floor(sizes.length / 2)]!;
      const capped = tempStore();
      const first = await syncWithReceipts(sim, small.url, receiptOptions(capped, { maxBytes: cap }));
      expect(first.status).toBe('succeeded');
      const rows = [...(await storedRows(small.url)).values()];
      const tooLarge = rows.filter((r) => r.problem !== null);
      expect(tooLarge.length).toBe(sizes.filter((s) => s > cap).length);
      for (const r of tooLarge) {
        expect(r.problem).toMatch(new RegExp(`^too large: ${r.size_bytes} bytes, over RECEIPTS_MAX_BYTES=${cap}`));
        expect(r.storage_key).toBeNull();
      }
      // Same cap: not fetched again. A raised cap: fetched and stored.
      const again = await syncWithReceipts(sim, small.url, receiptOptions(capped, { maxBytes: cap }));
      expect(sum(receiptStats(again), 'filesDownloaded')).toBe(0);
      const raised = await syncWithReceipts(sim, small.url, receiptOptions(capped));
      expect(sum(receiptStats(raised), 'filesDownloaded')).toBe(tooLarge.length);
      expect([...(await storedRows(small.url)).values()].filter((r) => r.problem !== null || !r.storage_key)).toEqual(
        [],
      );
    } finally {
      await small.drop();
    }
  });
});
