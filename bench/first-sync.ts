// First sync without receipts (account entries with their transactions, cards, cardholders,
// bill payments), run in a child process: wall time, rows, requests, pages; the parent adds
// the child's CPU and peak RSS.
import { openServer } from '../src/db/server.js';
import { makeClient, sync, TODAY, type Endpoints } from './support/client.js';
import { sql } from './support/scratch-db.js';

export interface FirstSyncArgs extends Endpoints {
  databaseUrl: string;
}

export interface FirstSyncResult {
  status: string;
  seconds: number;
  rows: number;
  entries: number;
  transactions: number;
  requests: number;
  pages: number;
}

export async function task(args: FirstSyncArgs): Promise<FirstSyncResult> {
  const database = openServer(args.databaseUrl);
  try {
    const client = makeClient(args);
    const t0 = performance.now();
    const run = await sync(database, client, TODAY);
    const seconds = (performance.now() - t0) / 1000;
    if (run.status !== 'succeeded') throw new Error(`first sync: ${run.status} ${run.error ?? ''}`);
    const [counts] = await sql<{ entries: number; transactions: number }>(
      args.databaseUrl,
      'SELECT (SELECT count(*) FROM account_entries)::int AS entries, (SELECT count(*) FROM transactions)::int AS transactions',
    );
    return {
      status: run.status,
      seconds,
      rows: run.totals.inserted + run.totals.updated,
      entries: counts!.entries,
      transactions: counts!.transactions,
      requests: run.totals.requests,
      pages: run.totals.pages,
    };
  } finally {
    await database.close();
  }
}
