/**
 * Each test file gets its own database. On a server: a PostgreSQL database created from the
 * admin connection (TEST_DATABASE_URL, default the local `postgres` database) and dropped
 * afterwards. On the embedded database (helpers/target.ts): a PGlite in memory, which the code
 * under test uses directly (through databaseFor) and the tests' own checks read through
 * withClient, as they read a server with pg.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

import type { Database } from '../../src/db/database.js';
import { embeddedDatabase } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { openServer } from '../../src/db/server.js';
import { quietLogger } from './logs.js';
import { ADMIN_URL, TEST_TARGET } from './target.js';

export { ADMIN_URL, TEST_TARGET } from './target.js';

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + name;
  return url.toString();
}

const admin = <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => withClient(ADMIN_URL, fn);

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Embedded test databases by their loopback URL: the code under test gets PGlite itself. */
const embedded = new Map<string, PGlite>();

/**
 * The database layer for a test database's URL, as the code under test would open it: the
 * server, or the embedded PGlite itself. The caller closes it (PGlite stays open until drop()).
 */
export function databaseFor(url: string): Database {
  const pglite = embedded.get(url);
  return pglite ? embeddedDatabase(pglite, url, null, false) : openServer(url);
}

/** A Prisma client on a test database (server or embedded); `$disconnect()` it when done. */
export const prismaFor = (url: string): PrismaClient => databaseFor(url).prisma;

/**
 * The databases of one test file: `fresh()` makes one (migrated unless told otherwise), and
 * every one made is dropped after the file's tests. Call it at the top level of the file.
 */
export function testDatabases(): { fresh(options?: { migrated?: boolean }): Promise<TestDatabase> } {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
  });
  return {
    async fresh(options = { migrated: true }) {
      const db = await createTestDatabase(options);
      made.push(db);
      return db;
    },
  };
}

/** An empty database; `migrated: true` applies the project's migrations. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `pliant_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (TEST_TARGET === 'embedded') return createEmbedded(name, options);
  // A copy of the migrated template (global-setup.ts), when the run made one; else migrated here.
  const template = options.migrated ? process.env.PLIANT_TEST_TEMPLATE_DB : undefined;
  await admin((c) =>
    c.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`),
  );
  const url = databaseUrl(name);
  if (options.migrated && !template) await migrate(url, quietLogger());
  return {
    name,
    url,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function createEmbedded(name: string, options: { migrated?: boolean }): Promise<TestDatabase> {
  const pglite = await PGlite.create('memory://');
  const database = embeddedDatabase(pglite, `in-memory ${name}`);
  if (options.migrated) await migrate(database, quietLogger());
  // Not a connection URL: only the helpers here know it (a CLI given it refuses it, as it should).
  const url = `pglite://memory/${name}`;
  embedded.set(url, pglite);
  return {
    name,
    url,
    async drop() {
      embedded.delete(url);
      await database.close();
    },
  };
}

const asText = (value: string): string => value;

/** The subset of pg.Client the tests use, over PGlite (statements with parameters, or a script). */
function pgliteClient(pglite: PGlite, options: ClientOptions = {}): pg.Client {
  // pg's int8 arrives as text; so it does here, for the same assertions on both databases.
  const parsers: Record<number, (value: string) => unknown> = { 20: asText };
  if (options.textDates) parsers[1082] = asText;
  const AS_PG = { parsers };
  return {
    connect: async () => undefined,
    end: async () => undefined,
    async query(sql: string, params?: unknown[]) {
      if (params && params.length > 0) {
        const r = await pglite.query(sql, params, AS_PG);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      }
      const results = await pglite.exec(sql, AS_PG);
      const last = results.at(-1);
      return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
    },
  } as unknown as pg.Client;
}

export interface ClientOptions {
  /** `date` columns as their text (YYYY-MM-DD), not as a Date at local midnight. */
  textDates?: boolean;
}

/** A pg client for a test database (connect() and end() it), on either database. */
export function testClient(url: string, options: ClientOptions = {}): pg.Client {
  const pglite = embedded.get(url);
  if (pglite) return pgliteClient(pglite, options);
  if (!options.textDates) return new pg.Client({ connectionString: url });
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
    oid === 1082 ? asText : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;
  return new pg.Client({ connectionString: url, types: { getTypeParser } });
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const pglite = embedded.get(url);
  if (pglite) return fn(pgliteClient(pglite));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
