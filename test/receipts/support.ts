/**
 * What the receipt tests share: the simulator's own receipts (read from its data, the truth
 * a mirror is compared with), a temporary receipt store, and a sync with receipts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import type { ReceiptsOptions } from '../../src/receipts/options.js';
import { receiptFile, receiptJson } from '../../src/simulator/index.js';
import type { RunResult } from '../../src/sync/runner.js';
import { syncOnce, type Simulator, type SyncOptions } from '../helpers/sync-harness.js';

export interface SimReceipt {
  id: string;
  transactionId: string;
  deleted: boolean;
  json: Record<string, unknown>;
  sha256: string;
  size: number;
}

/** Every receipt the simulator ever had, with the sha256 of the file it serves now. */
export function simReceipts(sim: Simulator): Map<string, SimReceipt> {
  const w = sim.world;
  const out = new Map<string, SimReceipt>();
  for (let row = 0; row < w.receipts.length; row += 1) {
    const json = JSON.parse(receiptJson(w, row)) as Record<string, unknown>;
    const body = receiptFile(w, row).body;
    out.set(String(json['receiptId']), {
      id: String(json['receiptId']),
      transactionId: String(json['transactionId']),
      deleted: w.receipts.deleted[row] === 1,
      json,
      sha256: createHash('sha256').update(body).digest('hex'),
      size: body.length,
    });
  }
  return out;
}

const temporary: string[] = [];

/** A receipt store in a new temporary directory; removeTempStores() deletes them all. */
export function tempStore(): LocalDirectoryStore {
  const dir = mkdtempSync(join(tmpdir(), 'pliant-receipts-'));
  temporary.push(dir);
  return new LocalDirectoryStore(dir);
}

export function removeTempStores(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function receiptOptions(store: LocalDirectoryStore, extra: Partial<ReceiptsOptions> = {}): ReceiptsOptions {
  return { store, lookbackDays: 30, maxBytes: 25 * 1024 * 1024, ...extra };
}

/** The simulator's current day, as the `today` of a sync. */
export function simToday(sim: Simulator): string {
  return new Date(sim.world.nowSec * 1000).toISOString().slice(0, 10);
}

export function syncWithReceipts(sim: Simulator, databaseUrl: string, receipts: ReceiptsOptions, options: SyncOptions = {}): Promise<RunResult> {
  return syncOnce(sim, databaseUrl, { mode: { kind: 'sync', lookbackDays: 3, today: simToday(sim) }, receipts, ...options });
}

export const receiptStats = (r: RunResult) => r.streams.filter((s) => s.stream === 'receipts');
export const sum = <T>(list: T[], key: keyof T): number => list.reduce((n, s) => n + Number(s[key]), 0);

/** Receipts cost a request per transaction and per file: more than Pliant's 900 per 5 minutes in one test run. */
export const UNLIMITED = { requests: 1_000_000, windowSeconds: 300 };
