/**
 * Read-only logins for accountants' tools on a PostgreSQL server (`pliant-sync sql-user`).
 *
 * Design:
 * - One NOLOGIN group role per mirror database, `pliant_readers_<database>`, holds the only
 *   privileges: USAGE on schema public and SELECT on READABLE (the allowlist below). A login is
 *   a plain member of it, with no privileges of its own. Roles are cluster-wide but grants are
 *   per database, so one group shared by several mirrors would let a login of one read all of
 *   them: hence a group per database.
 * - Every `create` re-grants the allowlist (views a later migration added are covered) and
 *   revokes whatever else the group holds, then checks the new login's effective privileges
 *   (has_*_privilege, which count PUBLIC's grants and every membership) before committing. A
 *   login that could do more than promised is never committed.
 * - Nothing cluster-wide or affecting other roles is changed: PUBLIC keeps CONNECT on other
 *   databases and TEMP on this one (see SQL_USER_LIMITS).
 * - The password leaves this process only as a SCRAM-SHA-256 verifier, so it cannot appear in
 *   the server's statement log or pg_stat_activity.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';

import { EXIT, PliantSyncError, UsageError } from '../errors.js';

/** The mirrored tables a login may read (those that exist in the database at `create`). */
export const READABLE_TABLES = [
  'organizations',
  'cardholders',
  'cards',
  'account_entries',
  'transactions',
  'bill_payments',
  'receipts',
  'leads',
] as const;
/** The views for accountants (docs/sql.md); granted as soon as a migration creates them. */
export const READABLE_VIEWS = ['booked_entries', 'journal_lines', 'missing_receipts', 'monthly_totals'] as const;
/** Everything else (sync_*, export_*, callback_*, receipt_checks, _prisma_migrations, …) stays unreadable. */
export const READABLE: readonly string[] = [...READABLE_TABLES, ...READABLE_VIEWS];
const SCHEMA = 'public';

/** What the logins can still do, because preventing it would change the server for every role. */
export const SQL_USER_LIMITS = [
  'PostgreSQL grants CONNECT on every database to PUBLIC by default, so a login can connect to the ' +
    "server's other databases; it reads nothing there that PUBLIC cannot (each mirror has its own group). " +
    'To shut it out entirely, a DBA runs REVOKE CONNECT ON DATABASE <other> FROM PUBLIC, or limits it in pg_hba.conf ' +
    '(the logins keep CONNECT on this database through their group).',
  'PUBLIC also has TEMP on the database, so a session that turns off default_transaction_read_only can create ' +
    'temporary tables: private to that session, gone at disconnect, never touching the mirror.',
];

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;
// Names PostgreSQL itself refuses (or gives meaning to) as role names.
const RESERVED_NAMES = new Set(['public', 'none', 'current_user', 'session_user', 'current_role']);
const GROUP_PREFIX = 'pliant_readers_';
const MAX_IDENTIFIER = 63;

/** The server refused or could not do it; nothing was changed. */
export class SqlUserError extends PliantSyncError {
  readonly exitCode: number = EXIT.failure;
}

export const NAME_RULE =
  'lowercase letters, digits and underscores, starting with a letter or underscore, at most 63 characters';

export function validateLoginName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || name.length > MAX_IDENTIFIER) {
    throw new UsageError(`"${name}" is not a valid login name: use ${NAME_RULE} (for example accountant).`);
  }
  if (name.startsWith('pg_'))
    throw new UsageError(`"${name}" is not a valid login name: names starting with pg_ are reserved by PostgreSQL.`);
  if (RESERVED_NAMES.has(name)) throw new UsageError(`"${name}" is not a valid login name: PostgreSQL reserves it.`);
  if (name.startsWith(GROUP_PREFIX))
    throw new UsageError(
      `"${name}" is not a valid login name: ${GROUP_PREFIX}… names are pliant-sync's reader groups.`,
    );
  return name;
}

export function validatePassword(password: string): string {
  // Printable ASCII only: PostgreSQL's SASLprep leaves such a password as it is, so the
  // verifier computed here is exactly the one the server would compute.
  if (!/^[\x20-\x7e]*$/.test(password))
    throw new UsageError(
      'The password must consist of printable ASCII characters (letters, digits, punctuation, spaces).',
    );
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(
      `The password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long (it has ${password.length}).`,
    );
  }
  return password;
}

/** 24 URL-safe characters (144 random bits): needs no escaping in a connection URL. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5802/7677; as libpq's PQencryptPasswordConn). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  const storedKey = createHash('sha256').update(hmac(salted, 'Client Key')).digest();
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** The group role of one mirror database (role names are at most 63 bytes: long or odd names are hashed). */
export function readerGroupName(database: string): string {
  const plain = GROUP_PREFIX + database;
  if (/^[a-z0-9_]+$/.test(database) && plain.length <= MAX_IDENTIFIER) return plain;
  return GROUP_PREFIX + createHash('sha256').update(database).digest('hex').slice(0, 16);
}

// The comments mark roles as pliant-sync's: a same-named role someone else made is never adopted.
const groupComment = (database: string) => `pliant-sync: read-only logins of database ${JSON.stringify(database)}`;
const loginComment = (database: string, at: Date) =>
  `pliant-sync read-only login for database ${JSON.stringify(database)}, created ${at.toISOString()}`;

const ident = (name: string) => pg.escapeIdentifier(name);
const literal = (text: string) => pg.escapeLiteral(text);
const qualified = (schema: string, name: string) => `${ident(schema)}.${ident(name)}`;

/** host:port/database of a connection URL, never its password. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

async function withServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'pliant-sync sql-user' });
  try {
    await client.connect();
  } catch (error) {
    throw new SqlUserError(
      `The database at ${describeServer(url)} does not answer (${(error as Error).message}). Check DATABASE_URL and that PostgreSQL runs there.`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// One key for all sql-user changes of a database: concurrent creates must not both create the group.
const LOCK_KEY = 0x706c7375; // "plsu"

async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw explain(error);
  }
}

/** PostgreSQL's refusals as messages that say what to do. */
function explain(error: unknown): unknown {
  const e = error as { code?: string; message?: string; detail?: string };
  if (error instanceof SqlUserError || error instanceof UsageError || !e.code) return error;
  if (e.code === '42501') {
    return new SqlUserError(
      `PostgreSQL refused: ${e.message}. The user in DATABASE_URL needs CREATEROLE and must own the mirror's tables ` +
        '(the user that ran `pliant-sync migrate`); nothing was changed.',
    );
  }
  if (e.code === '2BP01') {
    return new SqlUserError(
      `PostgreSQL refused: ${e.message} (${e.detail ?? 'objects depend on it'}). Someone gave it more than pliant-sync did: ` +
        'run REASSIGN OWNED BY / DROP OWNED BY it in each database named, then drop it again; nothing was changed.',
    );
  }
  return new SqlUserError(`PostgreSQL refused: ${e.message}${e.detail ? ` (${e.detail})` : ''}; nothing was changed.`);
}

interface Session {
  database: string;
  user: string;
}

async function session(client: pg.Client): Promise<Session & { superuser: boolean; createRole: boolean }> {
  const { rows } = await client.query<{ database: string; user: string; superuser: boolean; create_role: boolean }>(
    `SELECT current_database() AS database, current_user AS user, r.rolsuper AS superuser, r.rolcreaterole AS create_role
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const row = rows[0]!;
  return { database: row.database, user: row.user, superuser: row.superuser, createRole: row.create_role };
}

interface RoleRow {
  oid: number;
  rolname: string;
  rolcanlogin: boolean;
  rolsuper: boolean;
  comment: string | null;
}

async function findRole(client: pg.Client, name: string): Promise<RoleRow | undefined> {
  const { rows } = await client.query<RoleRow>(
    `SELECT oid::int AS oid, rolname, rolcanlogin, rolsuper, shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1`,
    [name],
  );
  return rows[0];
}

async function isMember(client: pg.Client, login: string, group: string): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
      WHERE g.rolname = $1 AND r.rolname = $2`,
    [group, login],
  );
  return rows.length > 0;
}

/** The group of this database, made if missing; a same-named role that is not ours is refused. */
async function ensureGroup(client: pg.Client, database: string): Promise<string> {
  const group = readerGroupName(database);
  const existing = await findRole(client, group);
  if (!existing) {
    await client.query(
      `CREATE ROLE ${ident(group)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    );
    await client.query(`COMMENT ON ROLE ${ident(group)} IS ${literal(groupComment(database))}`);
  } else if (existing.comment !== groupComment(database) || existing.rolcanlogin || existing.rolsuper) {
    throw new SqlUserError(
      `A role named "${group}" exists but is not pliant-sync's reader group of database "${database}" (its comment says ${JSON.stringify(existing.comment)}). ` +
        'Rename or drop that role, then try again.',
    );
  }
  return group;
}

/**
 * Makes the group's privileges in this database exactly the allowlist: revokes anything else
 * (an allowlist that shrank, a hand-made grant), grants SELECT on every allowlisted object that
 * exists. Exported so `migrate` can call it after adding views. Returns what is readable.
 */
export async function grantReaders(client: pg.Client, group: string): Promise<string[]> {
  const { rows: objects } = await client.query<{ name: string; grantable: boolean }>(
    `SELECT c.relname AS name, has_table_privilege(c.oid, 'SELECT WITH GRANT OPTION') AS grantable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      ORDER BY c.relname`,
    [SCHEMA, READABLE],
  );
  const notGrantable = objects.filter((o) => !o.grantable).map((o) => o.name);
  if (notGrantable.length > 0) {
    throw new SqlUserError(
      `The user in DATABASE_URL cannot grant SELECT on ${notGrantable.join(', ')}: connect as their owner (the user that ran \`pliant-sync migrate\`).`,
    );
  }

  const { rows: strayRelations } = await client.query<{ schema: string; name: string; sequence: boolean }>(
    `SELECT DISTINCT n.nspname AS schema, c.relname AS name, c.relkind = 'S' AS sequence
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
      WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1)
        AND NOT (n.nspname = $2 AND c.relname = ANY($3) AND a.privilege_type = 'SELECT')`,
    [group, SCHEMA, READABLE],
  );
  for (const r of strayRelations)
    await client.query(
      `REVOKE ALL ON ${r.sequence ? 'SEQUENCE' : 'TABLE'} ${qualified(r.schema, r.name)} FROM ${ident(group)}`,
    );
  const { rows: straySchemas } = await client.query<{ name: string }>(
    `SELECT DISTINCT n.nspname AS name FROM pg_namespace n, aclexplode(n.nspacl) a
      WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1) AND NOT (n.nspname = $2 AND a.privilege_type = 'USAGE')`,
    [group, SCHEMA],
  );
  for (const s of straySchemas) await client.query(`REVOKE ALL ON SCHEMA ${ident(s.name)} FROM ${ident(group)}`);

  for (const o of objects) await client.query(`GRANT SELECT ON ${qualified(SCHEMA, o.name)} TO ${ident(group)}`);
  // USAGE and CONNECT come from PUBLIC by default; granting them to the group too (where we may)
  // keeps the logins working if a DBA revokes them from PUBLIC. The check in createSqlUser decides.
  const { rows: may } = await client.query<{ usage: boolean; connect: boolean }>(
    `SELECT has_schema_privilege($1, 'USAGE WITH GRANT OPTION') AS usage,
            has_database_privilege(current_database(), 'CONNECT WITH GRANT OPTION') AS connect`,
    [SCHEMA],
  );
  if (may[0]!.usage) await client.query(`GRANT USAGE ON SCHEMA ${ident(SCHEMA)} TO ${ident(group)}`);
  if (may[0]!.connect)
    await client.query(`GRANT CONNECT ON DATABASE ${ident((await session(client)).database)} TO ${ident(group)}`);
  return objects.map((o) => o.name);
}

/**
 * What `login` may do in this database beyond the promise (SELECT on READABLE, nothing else),
 * from PostgreSQL's own privilege functions; empty when the promise holds.
 */
export async function excessPrivileges(client: pg.Client, login: string, readable: string[]): Promise<string[]> {
  const problems: string[] = [];
  const { rows: relations } = await client.query<{ schema: string; name: string; reads: boolean; writes: boolean }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            has_any_column_privilege($1, c.oid, 'SELECT') AS reads,
            has_any_column_privilege($1, c.oid, 'INSERT') OR has_any_column_privilege($1, c.oid, 'UPDATE')
              OR has_any_column_privilege($1, c.oid, 'REFERENCES') OR has_table_privilege($1, c.oid, 'DELETE')
              OR has_table_privilege($1, c.oid, 'TRUNCATE') OR has_table_privilege($1, c.oid, 'TRIGGER') AS writes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'`,
    [login],
  );
  const allowed = new Set(readable);
  for (const r of relations) {
    const mayRead = r.schema === SCHEMA && allowed.has(r.name);
    if (r.writes)
      problems.push(`it could write to ${r.schema}.${r.name} (revoke that from PUBLIC or the role granting it)`);
    if (r.reads && !mayRead)
      problems.push(
        `it could read ${r.schema}.${r.name} (REVOKE SELECT ON ${r.schema}.${r.name} FROM PUBLIC, or from the role granting it)`,
      );
    if (!r.reads && mayRead) problems.push(`it could not read ${r.schema}.${r.name}`);
  }
  const { rows: sequences } = await client.query<{ schema: string; name: string }>(
    `SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND (has_sequence_privilege($1, c.oid, 'USAGE') OR has_sequence_privilege($1, c.oid, 'SELECT') OR has_sequence_privilege($1, c.oid, 'UPDATE'))`,
    [login],
  );
  for (const s of sequences) problems.push(`it could use the sequence ${s.schema}.${s.name}`);
  const { rows: schemas } = await client.query<{ name: string }>(
    `SELECT nspname AS name FROM pg_namespace WHERE nspname !~ '^pg_(toast_)?temp_' AND has_schema_privilege($1, oid, 'CREATE')`,
    [login],
  );
  for (const s of schemas) {
    problems.push(
      `it could create objects in schema ${s.name} (REVOKE CREATE ON SCHEMA ${s.name} FROM PUBLIC${s.name === 'public' ? ': the PostgreSQL 15 default' : ''})`,
    );
  }
  const { rows: db } = await client.query<{ name: string; create: boolean; connect: boolean; usage: boolean }>(
    `SELECT current_database() AS name, has_database_privilege($1, current_database(), 'CREATE') AS create,
            has_database_privilege($1, current_database(), 'CONNECT') AS connect, has_schema_privilege($1, $2, 'USAGE') AS usage`,
    [login, SCHEMA],
  );
  const d = db[0]!;
  if (d.create)
    problems.push(`it could create schemas in database ${d.name} (REVOKE CREATE ON DATABASE ${d.name} FROM PUBLIC)`);
  if (!d.connect) problems.push(`it could not connect to database ${d.name}`);
  if (!d.usage) problems.push(`it could not use schema ${SCHEMA}`);
  return problems;
}

export interface CreatedSqlUser {
  name: string;
  database: string;
  group: string;
  /** The allowlisted tables and views that exist now, which the login can read. */
  readable: string[];
}

export async function createSqlUser(url: string, name: string, password: string): Promise<CreatedSqlUser> {
  validateLoginName(name);
  validatePassword(password);
  return withServer(url, async (client) => {
    const me = await session(client);
    if (!me.superuser && !me.createRole) {
      throw new SqlUserError(
        `The database user "${me.user}" in DATABASE_URL cannot create roles: it needs the CREATEROLE attribute ` +
          `(a superuser runs ALTER ROLE ${ident(me.user)} CREATEROLE), or point DATABASE_URL at a user that has it.`,
      );
    }
    return inTransaction(client, async () => {
      const group = readerGroupName(me.database);
      const existing = await findRole(client, name);
      if (existing) {
        const ours = await isMember(client, name, group);
        throw new SqlUserError(
          ours
            ? `"${name}" already is a read-only login of database "${me.database}": \`pliant-sync sql-user drop ${name}\` first to make it anew.`
            : `A role named "${name}" already exists on this PostgreSQL server (roles are shared by all its databases): choose another name.`,
        );
      }
      await ensureGroup(client, me.database);
      const readable = await grantReaders(client, group);
      await client.query(
        `CREATE ROLE ${ident(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT ` +
          `PASSWORD ${literal(scramVerifier(password))} IN ROLE ${ident(group)}`,
      );
      // A second guard, not the barrier (the grants are): tools that try to write get a clear
      // "read-only transaction" error, and temporary tables need a deliberate SET first.
      await client.query(`ALTER ROLE ${ident(name)} SET default_transaction_read_only = on`);
      await client.query(`COMMENT ON ROLE ${ident(name)} IS ${literal(loginComment(me.database, new Date()))}`);
      const excess = await excessPrivileges(client, name, readable);
      if (excess.length > 0) {
        throw new SqlUserError(
          `Not creating "${name}": it would not be read-only as promised —\n  ${excess.join('\n  ')}\nNothing was changed.`,
        );
      }
      return { name, database: me.database, group, readable };
    });
  });
}

export interface SqlUser {
  name: string;
  createdAt: string | null;
  /** Sessions open now, on any database of the server. */
  sessions: number;
}

export async function listSqlUsers(url: string): Promise<{ database: string; group: string; logins: SqlUser[] }> {
  return withServer(url, async (client) => {
    const { database } = await session(client);
    const group = readerGroupName(database);
    const { rows } = await client.query<{ name: string; comment: string | null; sessions: number }>(
      `SELECT r.rolname AS name, shobj_description(r.oid, 'pg_authid') AS comment,
              (SELECT count(*)::int FROM pg_stat_activity a WHERE a.usesysid = r.oid) AS sessions
         FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
        WHERE g.rolname = $1 AND r.rolcanlogin
        ORDER BY r.rolname`,
      [group],
    );
    const logins = rows.map((r) => ({
      name: r.name,
      createdAt: /, created (\S+)$/.exec(r.comment ?? '')?.[1] ?? null,
      sessions: r.sessions,
    }));
    return { database, group, logins };
  });
}

export interface DroppedSqlUser {
  name: string;
  database: string;
  /** Sessions that were open: ended, or left open (ending them needs pg_signal_backend). */
  sessionsEnded: number;
  sessionsLeft: number;
}

export async function dropSqlUser(url: string, name: string): Promise<DroppedSqlUser> {
  validateLoginName(name);
  return withServer(url, async (client) => {
    const me = await session(client);
    return inTransaction(client, async () => {
      const group = readerGroupName(me.database);
      const role = await findRole(client, name);
      if (!role)
        throw new SqlUserError(
          `There is no login named "${name}" on this PostgreSQL server (\`pliant-sync sql-user list\` shows them).`,
        );
      if (!(await isMember(client, name, group))) {
        throw new SqlUserError(
          `"${name}" is not a read-only login of database "${me.database}" (not a member of ${group}): refusing to drop it. ` +
            '`pliant-sync sql-user list` shows the logins it manages.',
        );
      }
      // Open sessions would keep going (without the group's privileges); end them where we may.
      const { rows: pids } = await client.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE usesysid = $1',
        [role.oid],
      );
      let sessionsEnded = 0;
      for (const { pid } of pids) {
        await client.query('SAVEPOINT terminate');
        try {
          const { rows } = await client.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
          if (rows[0]?.ok) sessionsEnded++;
          await client.query('RELEASE SAVEPOINT terminate');
        } catch {
          await client.query('ROLLBACK TO SAVEPOINT terminate');
        }
      }
      await client.query(`DROP ROLE ${ident(name)}`);
      return { name, database: me.database, sessionsEnded, sessionsLeft: pids.length - sessionsEnded };
    });
  });
}
