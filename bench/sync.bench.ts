// A first sync at scale (no receipts): simulator → client → PostgreSQL, then a second sync
// with nothing new. Reports rows per second and requests. Needs PostgreSQL (TEST_DATABASE_URL
// or the local default); creates and drops its own database.
// Run: npx tsx bench/sync.bench.ts [entries]
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import { migrate } from '../src/db/migrate.js';
import { openServer } from '../src/db/server.js';
import { createLogger } from '../src/logger.js';
import { PliantClient } from '../src/pliant/client.js';
import { startSimulator } from '../src/simulator/index.js';
import { runSync } from '../src/sync/runner.js';

const TARGET = Number(process.argv[2] ?? 200_000);
const GOAL_ROWS_PER_SECOND = 5_000; // a year of a busy organization in well under a minute
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const name = `pliant_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + name;
  const databaseUrl = url.toString();
  const logger = createLogger({ level: 'warn' });
  await admin(`CREATE DATABASE "${name}"`);
  const sim = await startSimulator({
    port: 0,
    seed: 3,
    orgs: 3,
    days: 365,
    now: '2026-06-30T00:00:00Z',
    entriesTarget: TARGET,
    rateLimit: { requests: 10_000_000, windowSeconds: 300 },
  });
  const database = openServer(databaseUrl);
  try {
    await migrate(database, logger);
    const client = new PliantClient({
      apiUrl: sim.apiUrl,
      authUrl: sim.tokenUrl,
      audience: 'simulator',
      clientId: 'simulator',
      clientSecret: 'simulator',
      rateLimit: { requests: 10_000_000, perSeconds: 300 },
      logger,
    });
    const sync = () =>
      runSync({ database, client, logger }, { mode: { kind: 'sync', lookbackDays: 3, today: '2026-06-30' } });
    let t0 = performance.now();
    const first = await sync();
    const firstSeconds = (performance.now() - t0) / 1000;
    const rate = Math.round(first.totals.fetched / firstSeconds);
    console.log(
      `first sync: ${first.status}, ${first.totals.fetched} rows (${sim.world.entries.length} entries) in ${firstSeconds.toFixed(1)} s = ${rate} rows/s (goal ≥ ${GOAL_ROWS_PER_SECOND}), ${first.totals.requests} requests`,
    );
    t0 = performance.now();
    const second = await sync();
    console.log(
      `second sync: ${second.status}, ${second.totals.inserted + second.totals.updated} rows written, ${second.totals.requests} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    if (rate < GOAL_ROWS_PER_SECOND) process.exitCode = 1;
  } finally {
    await database.close();
    await sim.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

await main();
