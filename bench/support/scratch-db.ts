// A scratch database on the local PostgreSQL server (TEST_DATABASE_URL or the local default),
// migrated, and dropped again; every one still there is dropped when the bench ends.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import { migrate } from '../../src/db/migrate.js';
import { openServer } from '../../src/db/server.js';
import { createLogger } from '../../src/logger.js';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

const created = new Set<string>();

export interface ScratchDb {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createScratchDb(): Promise<ScratchDb> {
  const name = `pliant_bench_${randomBytes(4).toString('hex')}`;
  await sql(ADMIN_URL, `CREATE DATABASE "${name}"`);
  created.add(name);
  const u = new URL(ADMIN_URL);
  u.pathname = '/' + name;
  const url = u.toString();
  const database = openServer(url);
  try {
    await migrate(database, createLogger({ level: 'warn' }));
  } finally {
    await database.close();
  }
  return { name, url, drop: () => dropDb(name) };
}

async function dropDb(name: string): Promise<void> {
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  created.delete(name);
}

export async function dropAllScratchDbs(): Promise<void> {
  for (const name of [...created]) await dropDb(name).catch(() => undefined);
}

export async function serverVersion(): Promise<string> {
  const [row] = await sql<{ v: string }>(ADMIN_URL, "SELECT current_setting('server_version') AS v");
  return row?.v ?? 'unknown';
}
