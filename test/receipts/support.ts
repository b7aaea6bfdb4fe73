/**
 * What the receipt tests share: the simulator's own receipts (read from its data, the truth
 * a mirror is compared with), a temporary receipt store, and a sync with receipts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DEFAULT_RECEIPTS_AUDIT_PER_RUN } from '../../src/config.js';
import type { PliantClient } from '../../src/pliant/client.js';
import { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import type { ReceiptsOptions } from '../../src/receipts/options.js';
import { receiptFile, receiptJson } from '../../src/simulator/index.js';
import type { RunResult } from '../../src/sync/runner.js';
import { withClient } from '../helpers/db.js';
import { capturingLogger } from '../helpers/logs.js';
import { syncOnce, testClient, type Simulator, type SyncOptions } from '../helpers/sync-harness.js';

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
  return { store, lookbackDays: 30, maxBytes: 25 * 1024 * 1024, auditPerRun: DEFAULT_RECEIPTS_AUDIT_PER_RUN, ...extra };
}

/** The simulator's current day, as the `today` of a sync. */
export function simToday(sim: Simulator): string {
  return new Date(sim.world.nowSec * 1000).toISOString().slice(0, 10);
}

export function syncWithReceipts(
  sim: Simulator,
  databaseUrl: string,
  receipts: ReceiptsOptions,
  options: SyncOptions = {},
): Promise<RunResult> {
  return syncOnce(sim, databaseUrl, {
    mode: { kind: 'sync', lookbackDays: 3, today: simToday(sim) },
    receipts,
    ...options,
  });
}

export const receiptStats = (r: RunResult) => r.streams.filter((s) => s.stream === 'receipts');
export const sum = <T>(list: T[], key: keyof T): number => list.reduce((n, s) => n + Number(s[key]), 0);

/** Receipts cost a request per transaction and per file: more than Pliant's 900 per 5 minutes in one test run. */
export const UNLIMITED = { requests: 1_000_000, windowSeconds: 300 };

/** A test client that says, from its own request log, which transactions' receipts it listed. */
export function listingClient(sim: Simulator): { client: PliantClient; listed(): string[] } {
  const { logger, lines } = capturingLogger({ level: 'debug' });
  let read = 0;
  return {
    client: testClient(sim, { logger }),
    /** Transactions listed since the last call. */
    listed() {
      const out: string[] = [];
      for (const line of lines.slice(read)) {
        const m = /^Pliant GET \/receipts\?(\S+) → /.exec(String((JSON.parse(line) as { message?: unknown }).message));
        if (m) out.push(new URLSearchParams(m[1]).get('transactionId')!);
      }
      read = lines.length;
      return out;
    },
  };
}

/**
 * The audit's window as the README states it, written here independently of the code: per
 * organization, transactions booked on or after `from`, and those that need a receipt and have none.
 */
export async function auditWindows(databaseUrl: string, from: string): Promise<Map<string, Set<string>>> {
  const { rows } = await withClient(databaseUrl, (c) =>
    c.query<{ organization_id: string; id: string }>(
      `SELECT organization_id, transaction_id AS id FROM account_entries WHERE transaction_id IS NOT NULL AND booking_date >= $1::date
       UNION
       SELECT organization_id, id FROM transactions t
        WHERE receipt_needed AND NOT EXISTS (SELECT 1 FROM receipts r WHERE r.transaction_id = t.id AND r.deleted_at IS NULL)`,
      [from],
    ),
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows)
    (out.get(r.organization_id) ?? out.set(r.organization_id, new Set()).get(r.organization_id)!).add(r.id);
  return out;
}
