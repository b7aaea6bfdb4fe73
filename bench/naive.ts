// The naive baseline on a sample: the same pages (account entries, then their transactions)
// and the same row mapping as the sync, but one Prisma `upsert` per row and the cursor saved
// once after each stream. Against it, our sync of the same two streams into a database of
// its own. Organizations are synced first, untimed, in both.
import type { Database } from '../src/db/database.js';
import type { PrismaClient } from '../src/db/prisma.js';
import { openServer } from '../src/db/server.js';
import { accountEntriesStream } from '../src/streams/account-entries.js';
import { transactionsStream } from '../src/streams/transactions.js';
import type { SomeStream } from '../src/streams/types.js';
import type { ColumnType } from '../src/sync/table-writer.js';
import { logger, makeClient, sync, TODAY, type Endpoints } from './support/client.js';

export interface NaiveResult {
  naive: { rows: number; seconds: number; rowsPerSecond: number };
  ours: { rows: number; seconds: number; rowsPerSecond: number };
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A mirror row (JSON-ready values) as Prisma data: bigint, dates and instants typed. */
function prismaData(row: Record<string, unknown>, columns: Record<string, ColumnType>): Record<string, unknown> {
  const data: Record<string, unknown> = { id: row.id };
  for (const [name, type] of Object.entries(columns)) {
    const v = row[name];
    data[camel(name)] =
      v === null || v === undefined
        ? (v ?? null)
        : type === 'bigint'
          ? BigInt(v as string)
          : type === 'date' || type === 'timestamptz'
            ? new Date(v as string)
            : v;
  }
  return data;
}

async function naiveStream(db: PrismaClient, client: ReturnType<typeof makeClient>, stream: SomeStream, org: string) {
  const delegate = (db as unknown as Record<string, { upsert(a: object): Promise<unknown> }>)[
    stream.name === 'account-entries' ? 'accountEntry' : 'transaction'
  ]!;
  const ctx = {
    client,
    db,
    organizationId: org,
    mode: { kind: 'sync' as const, lookbackDays: 3, today: TODAY },
    cursor: null,
    pageSize: 1000,
    stats: { requests: 0, retries: 0 },
    logger,
  };
  const rowContext = { organizationId: org, platformFeeCardIds: new Set<string>() };
  let cursor: unknown = null;
  let rows = 0;
  for await (const page of stream.fetch(ctx)) {
    for (const record of page.records) {
      const data = prismaData(stream.toRow(record, rowContext), stream.table.columns);
      await delegate.upsert({ where: { id: data.id }, create: data, update: data });
      rows++;
    }
    cursor = stream.cursorAfter?.(cursor, page.records) ?? cursor;
  }
  if (cursor !== null) {
    await db.syncCursor.upsert({
      where: { stream_organizationId: { stream: stream.name, organizationId: org } },
      create: { stream: stream.name, organizationId: org, value: cursor as object },
      update: { value: cursor as object },
    });
  }
  return rows;
}

async function timed(fn: () => Promise<number>) {
  const t0 = performance.now();
  const rows = await fn();
  const seconds = (performance.now() - t0) / 1000;
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

async function organizations(database: Database, sim: Endpoints): Promise<string[]> {
  const run = await sync(database, makeClient(sim), TODAY, { streams: ['organizations'] });
  if (run.status !== 'succeeded') throw new Error(`organizations: ${run.status} ${run.error ?? ''}`);
  return (await database.prisma.organization.findMany({ select: { id: true } })).map((o) => o.id);
}

export async function measureNaive(sim: Endpoints, naiveUrl: string, oursUrl: string): Promise<NaiveResult> {
  const naiveDb = openServer(naiveUrl);
  const oursDb = openServer(oursUrl);
  try {
    const orgs = await organizations(naiveDb, sim);
    const client = makeClient(sim);
    const naive = await timed(async () => {
      let rows = 0;
      for (const org of orgs) {
        rows += await naiveStream(naiveDb.prisma, client, accountEntriesStream as SomeStream, org);
        rows += await naiveStream(naiveDb.prisma, client, transactionsStream as SomeStream, org);
      }
      return rows;
    });
    await organizations(oursDb, sim);
    const ours = await timed(async () => {
      const run = await sync(oursDb, makeClient(sim), TODAY, { streams: ['account-entries', 'transactions'] });
      if (run.status !== 'succeeded') throw new Error(`sync of the sample: ${run.status} ${run.error ?? ''}`);
      return run.totals.inserted + run.totals.updated;
    });
    return { naive, ours };
  } finally {
    await naiveDb.close();
    await oursDb.close();
  }
}
