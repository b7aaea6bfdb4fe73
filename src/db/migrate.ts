/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql without Prisma's native schema
 * engine (fetched from the network, unreachable on air-gapped hosts). Same bookkeeping as
 * `prisma migrate deploy`: the `_prisma_migrations` table, sha256 checksums, and Prisma's own
 * advisory lock key, so both tools exclude each other and `prisma migrate status` agrees.
 * Unlike Prisma, each migration runs in one transaction with its record: a failure leaves nothing.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PliantSyncError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationsDir } from '../paths.js';
import type { Database, SqlSession } from './database.js';
import { openServer } from './server.js';

/** Prisma Migrate's advisory lock key (schema-engine, postgres connector). */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

// The table exactly as Prisma's schema engine creates it on PostgreSQL.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends PliantSyncError {}

export const checksumOf = (sql: string): string => createHash('sha256').update(sql, 'utf8').digest('hex');

/** Prisma accepts a script whose line endings git changed (CRLF vs LF); so do we. */
function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll(/\r?\n/g, '\r\n')].some((s) => checksumOf(s) === checksum);
}

export function readMigrations(dir = migrationsDir()): MigrationFile[] {
  if (!existsSync(dir))
    throw new MigrationError(`No migrations directory at ${dir}: the package is incomplete, reinstall it.`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: checksumOf(sql) };
    });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
}

/** Brings the schema up to date: on a server by URL or on any open Database (embedded included). */
export async function migrate(
  target: string | Database,
  logger: Logger,
  dir = migrationsDir(),
): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const db = typeof target === 'string' ? openServer(target) : target;
  try {
    return await db.session('migrate', (session) => migrateIn(session, migrations, logger));
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    const which = db.kind === 'server' ? 'DATABASE_URL' : 'embedded';
    throw new MigrationError(
      `Cannot connect to the database (${which}) at ${db.location}: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    if (typeof target === 'string') await db.close();
  }
}

async function migrateIn(client: SqlSession, migrations: MigrationFile[], logger: Logger): Promise<MigrateResult> {
  // Session lock: a second `migrate` (ours or Prisma's) waits here until the first is done.
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    await client.exec(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query<AppliedRow>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at FROM "_prisma_migrations" ORDER BY started_at',
    );
    const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
    if (failed) {
      throw new MigrationError(
        `Migration ${failed.migration_name} was started on ${new Date(failed.started_at).toISOString()} and never finished ` +
          `(recorded in _prisma_migrations). Repair the database by hand, then mark it with ` +
          `\`prisma migrate resolve --applied ${failed.migration_name}\` or \`--rolled-back\`, and run migrate again.`,
      );
    }
    const done = new Map(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => [r.migration_name, r]));
    const known = new Set(migrations.map((m) => m.name));
    for (const name of done.keys()) {
      if (!known.has(name))
        logger.warn(
          `Migration ${name} is applied in the database but not part of this version of pliant-sync (a newer version ran?)`,
        );
    }
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const row = done.get(migration.name);
      if (row) {
        if (!matchesChecksum(migration.sql, row.checksum)) {
          logger.warn(
            `Migration ${migration.name} was changed after it was applied (checksum differs); the database keeps the applied version`,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      await applyOne(client, migration, logger);
      result.applied.push(migration.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]).catch(() => undefined);
  }
}

async function applyOne(client: SqlSession, migration: MigrationFile, logger: Logger): Promise<void> {
  const id = randomUUID();
  const started = Date.now();
  logger.info(`Applying migration ${migration.name}`);
  try {
    await client.exec('BEGIN');
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, migration.checksum, migration.name],
    );
    await client.exec(migration.sql);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1',
      [id],
    );
    await client.exec('COMMIT');
  } catch (error) {
    await client.exec('ROLLBACK').catch(() => undefined);
    throw new MigrationError(
      `Migration ${migration.name} failed and was rolled back, nothing changed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  logger.info(`Applied migration ${migration.name} in ${Date.now() - started} ms`);
}
