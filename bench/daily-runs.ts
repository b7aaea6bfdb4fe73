// Daily runs on a mirror that is up to date: one with nothing new, then one after the
// simulator's clock moved one day (new entries, receipts added to older transactions).
// Requests per organization and stream, wall time, our own CPU, rows written, receipts found.
import type { Database } from '../src/db/database.js';
import type { ReceiptsOptions } from '../src/receipts/options.js';
import { makeClient, sync, type Endpoints } from './support/client.js';

export interface DailyRun {
  seconds: number;
  /** CPU of this process during the run, per organization. */
  cpuSecondsPerOrganization: number;
  rowsWritten: number;
  receiptsFound: number;
  requests: number;
  /** organization → stream → requests */
  requestsByOrganization: Record<string, Record<string, number>>;
  /** The most requests any organization made, and the most any of its streams made beyond the receipts audit. */
  maxRequestsPerOrganization: number;
  maxRequestsPerStreamBesidesReceipts: number;
  maxReceiptRequestsPerOrganization: number;
  newEntries: number;
}

export async function dailyRun(
  sim: Endpoints,
  database: Database,
  receipts: ReceiptsOptions,
  today: string,
): Promise<DailyRun> {
  const before = await database.prisma.accountEntry.count();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await sync(database, makeClient(sim), today, { receipts });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (run.status !== 'succeeded') throw new Error(`daily run: ${run.status} ${run.error ?? ''}`);
  const byOrg: Record<string, Record<string, number>> = {};
  for (const s of run.streams) {
    const org = (byOrg[s.organizationId] ??= {});
    org[s.stream] = (org[s.stream] ?? 0) + s.requests;
  }
  const perOrg = Object.entries(byOrg).filter(([org]) => org !== '*');
  const streamsOf = (m: Record<string, number>) => Object.entries(m).filter(([s]) => s !== 'receipts');
  return {
    seconds,
    cpuSecondsPerOrganization: (cpu.user + cpu.system) / 1e6 / Math.max(1, perOrg.length),
    rowsWritten: run.totals.inserted + run.totals.updated,
    receiptsFound: run.streams.filter((s) => s.stream === 'receipts').reduce((n, s) => n + s.inserted + s.updated, 0),
    requests: run.totals.requests,
    requestsByOrganization: byOrg,
    maxRequestsPerOrganization: Math.max(0, ...perOrg.map(([, m]) => Object.values(m).reduce((a, b) => a + b, 0))),
    maxRequestsPerStreamBesidesReceipts: Math.max(0, ...perOrg.flatMap(([, m]) => streamsOf(m).map(([, n]) => n))),
    maxReceiptRequestsPerOrganization: Math.max(0, ...perOrg.map(([, m]) => m.receipts ?? 0)),
    newEntries: (await database.prisma.accountEntry.count()) - before,
  };
}
