import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checksumOf, migrate, MigrationError, readMigrations } from '../src/db/migrate.js';
import { migrationsDir } from '../src/paths.js';
import { testDatabases, withClient, type TestDatabase } from './helpers/db.js';
import { capturingLogger, quietLogger } from './helpers/logs.js';
import { describeOnServer } from './helpers/target.js';

const SERVER_ONLY = 'several hosts migrating one PostgreSQL database at once';

const migrations = readMigrations();
const databases = testDatabases();
const freshDb = (): Promise<TestDatabase> => databases.fresh({ migrated: false });

interface Row {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  started_at: Date;
  logs: string | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
}
const recorded = (url: string) =>
  withClient(url, async (c) => (await c.query<Row>('SELECT * FROM _prisma_migrations ORDER BY migration_name')).rows);

describeOnServer(SERVER_ONLY)('migrate', () => {
  it('applies every migration to an empty database and records it as Prisma does', async () => {
    const db = await freshDb();
    const result = await migrate(db.url, quietLogger());
    expect(result.applied).toEqual(migrations.map((m) => m.name));
    expect(result.alreadyApplied).toEqual([]);

    const rows = await recorded(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.checksum).toBe(migrations[i]!.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    const tables = await withClient(
      db.url,
      async (c) => (await c.query(`SELECT to_regclass('public.account_entries') AS t`)).rows[0].t,
    );
    expect(tables).toBe('account_entries');
  });

  it('computes the checksum as Prisma does (sha256 of the script, lower-case hex)', () => {
    // Prisma's own test vector (schema-engine checksum.rs).
    expect(checksumOf('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('does nothing on a migrated database', async () => {
    const db = await freshDb();
    await migrate(db.url, quietLogger());
    const before = await recorded(db.url);
    const result = await migrate(db.url, quietLogger());
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toEqual(migrations.map((m) => m.name));
    expect(await recorded(db.url)).toEqual(before);
  });

  it('lets several hosts migrate at once without collision', async () => {
    const db = await freshDb();
    const results = await Promise.all([1, 2, 3, 4].map(() => migrate(db.url, quietLogger())));
    const appliedBy = results.filter((r) => r.applied.length > 0);
    expect(appliedBy).toHaveLength(1);
    expect(results.filter((r) => r.alreadyApplied.length === migrations.length)).toHaveLength(3);
    expect((await recorded(db.url)).map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
  });

  it('rolls back a failing migration completely and records nothing for it', async () => {
    const db = await freshDb();
    const dir = mkdtempSync(join(tmpdir(), 'pliant-migrations-'));
    cpSync(migrationsDir(), dir, { recursive: true });
    mkdirSync(join(dir, '29991231000000_broken'));
    writeFileSync(
      join(dir, '29991231000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" (id int);\nALTER TABLE "no_such_table" ADD COLUMN x int;\n',
    );
    await expect(migrate(db.url, quietLogger(), dir)).rejects.toThrow(
      /Migration 29991231000000_broken failed and was rolled back, nothing changed: relation "no_such_table" does not exist/,
    );
    await expect(migrate(db.url, quietLogger(), dir)).rejects.toBeInstanceOf(MigrationError);
    const rows = await recorded(db.url);
    expect(rows.map((r) => r.migration_name)).toEqual(migrations.map((m) => m.name));
    const halfDone = await withClient(
      db.url,
      async (c) => (await c.query(`SELECT to_regclass('public.half_done') AS t`)).rows[0].t,
    );
    expect(halfDone).toBeNull();
  });

  it('refuses to go on past a migration that Prisma recorded as failed', async () => {
    const db = await freshDb();
    await migrate(db.url, quietLogger());
    await withClient(db.url, (c) =>
      c.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('00000000-0000-4000-8000-000000000000', 'x', '20990101000000_failed')`,
      ),
    );
    await expect(migrate(db.url, quietLogger())).rejects.toThrow(
      /20990101000000_failed was started .* never finished.*prisma migrate resolve/s,
    );
  });

  it('warns about an applied migration whose file changed, accepting CRLF line endings as Prisma does', async () => {
    const db = await freshDb();
    await migrate(db.url, quietLogger());
    const dir = mkdtempSync(join(tmpdir(), 'pliant-migrations-'));
    cpSync(migrationsDir(), dir, { recursive: true });
    const first = migrations[0]!;
    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql.replaceAll('\n', '\r\n'));
    const crlf = capturingLogger();
    await migrate(db.url, crlf.logger, dir);
    expect(crlf.text()).not.toMatch(/changed after it was applied/);

    writeFileSync(join(dir, first.name, 'migration.sql'), first.sql + '\n-- edited\n');
    const edited = capturingLogger();
    await migrate(db.url, edited.logger, dir);
    expect(edited.text()).toMatch(new RegExp(`Migration ${first.name} was changed after it was applied`));
  });

  it('names the database problem when it cannot connect', async () => {
    await expect(migrate('postgresql://postgres@127.0.0.1:1/none', quietLogger())).rejects.toThrow(
      /Cannot connect to the database \(DATABASE_URL\)/,
    );
  });
});
