// A first sync with receipts, its requests against the least possible: one per page of each
// list (organizations once; cardholders, cards, account entries, transactions and bill
// payments per organization, at least one page each), one receipt listing per transaction
// that has receipts, one request per file.
import type { Database } from '../src/db/database.js';
import type { ReceiptsOptions } from '../src/receipts/options.js';
import { makeClient, sync, type Endpoints } from './support/client.js';
import { sql } from './support/scratch-db.js';

export interface ReceiptsFirstSync {
  requests: number;
  leastPossible: number;
  ratio: number;
  transactionsWithReceipts: number;
  files: number;
  seconds: number;
}

const LISTS = ['cardholders', 'cards', 'account_entries', 'transactions', 'bill_payments'];
const PAGE = 1000;

export async function measureReceiptsFirstSync(
  sim: Endpoints,
  database: Database,
  databaseUrl: string,
  receipts: ReceiptsOptions,
  today: string,
): Promise<ReceiptsFirstSync> {
  const t0 = performance.now();
  const run = await sync(database, makeClient(sim), today, { receipts });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 'succeeded') throw new Error(`first sync with receipts: ${run.status} ${run.error ?? ''}`);
  const orgs = await sql<{ id: string }>(databaseUrl, 'SELECT id FROM organizations');
  let least = Math.max(1, Math.ceil(orgs.length / PAGE));
  for (const table of LISTS) {
    const counts = await sql<{ n: number }>(
      databaseUrl,
      `SELECT count(t.id)::int AS n FROM organizations o LEFT JOIN ${table} t ON t.organization_id = o.id GROUP BY o.id`,
    );
    for (const { n } of counts) least += Math.max(1, Math.ceil(n / PAGE));
  }
  const [r] = await sql<{ txs: number; files: number }>(
    databaseUrl,
    'SELECT count(DISTINCT transaction_id)::int AS txs, count(*) FILTER (WHERE storage_key IS NOT NULL)::int AS files FROM receipts',
  );
  least += r!.txs + r!.files;
  return {
    requests: run.totals.requests,
    leastPossible: least,
    ratio: run.totals.requests / least,
    transactionsWithReceipts: r!.txs,
    files: r!.files,
    seconds,
  };
}
