/**
 * `pliant-sync sql-user`: every refusal is proven with a real login connected as itself.
 *
 * Roles are cluster-wide and jest runs files in parallel: every role name carries this run's
 * id, and afterAll drops them all (logins, the test databases' reader groups, helper roles).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import { READABLE, readerGroupName, scramVerifier } from '../../src/db/sql-users.js';
import { runCli } from '../helpers/cli.js';
import { ADMIN_URL, createTestDatabase, withClient, type TestDatabase } from '../helpers/db.js';
import { describeOnServer } from '../helpers/target.js';

const SERVER_ONLY = 'login roles need a PostgreSQL server';

const RUN = `${process.pid}_${randomBytes(3).toString('hex')}`;
const roles: string[] = [];
/** A role name unique to this run, dropped in afterAll. */
const roleName = (label: string): string => {
  const name = `t_${label}_${RUN}`;
  roles.push(name);
  return name;
};

let mirror: TestDatabase;
let other: TestDatabase;
const admin = <T>(db: TestDatabase | string, fn: (c: pg.Client) => Promise<T>) =>
  withClient(typeof db === 'string' ? db : db.url, fn);
const env = (db: TestDatabase) => ({ DATABASE_URL: db.url });

/** A connection as `user` (with its password, which the server may or may not ask for). */
async function connectAs(db: TestDatabase, user: string, password: string): Promise<pg.Client> {
  const url = new URL(db.url);
  url.username = user;
  url.password = password;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function asLogin<T>(
  db: TestDatabase,
  user: string,
  password: string,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await connectAs(db, user, password);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const refused = (c: pg.Client, sql: string, code = '42501') => expect(c.query(sql)).rejects.toMatchObject({ code });

/** The server's stored verifier is the one of `password` (recomputed with its salt and iterations). */
async function storedPasswordIs(name: string, password: string): Promise<boolean> {
  const stored = await admin(
    ADMIN_URL,
    async (c) =>
      (await c.query<{ p: string | null }>('SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1', [name])).rows[0]
        ?.p,
  );
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$/.exec(stored ?? '');
  if (!match) return false;
  return scramVerifier(password, Buffer.from(match[2]!, 'base64'), Number(match[1])) === stored;
}

/** How the server authenticates TCP connections from 127.0.0.1 (the tests' route). */
async function loopbackAuthMethod(): Promise<string | undefined> {
  return admin(ADMIN_URL, async (c) => {
    const { rows } = await c.query<{ type: string; address: string | null; auth_method: string }>(
      `SELECT type, address, auth_method FROM pg_hba_file_rules WHERE error IS NULL ORDER BY line_number`,
    );
    return rows.find(
      (r) => r.type === 'host' && (r.address === 'all' || r.address === '127.0.0.1' || r.address === 'samehost'),
    )?.auth_method;
  });
}

const relationsOf = (db: TestDatabase) =>
  admin(db, async (c) =>
    (
      await c.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r','p','v','m') ORDER BY 1`,
      )
    ).rows.map((r) => r.name),
  );

interface Created {
  name: string;
  password: string;
  stdout: string;
  stderr: string;
}

/** `sql-user create` with a generated password, read back from its output. */
async function createWithGeneratedPassword(db: TestDatabase, label: string): Promise<Created> {
  const name = roleName(label);
  const result = await runCli(['sql-user', 'create', name], env(db));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const password = /^Password \(shown only now[^)]*\): (\S+)$/m.exec(result.stdout)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  return { name, password: password!, stdout: result.stdout, stderr: result.stderr };
}

let reader: Created;

beforeAll(async () => {
  [mirror, other] = await Promise.all([createTestDatabase({ migrated: true }), createTestDatabase({ migrated: true })]);
  await admin(mirror, (c) =>
    c.query(`INSERT INTO organizations (id, name, currency, raw) VALUES ('org-1', 'Acme GmbH', 'EUR', '{}')`),
  );
  await admin(other, (c) =>
    c.query(`INSERT INTO organizations (id, name, currency, raw) VALUES ('org-2', 'Other AG', 'EUR', '{}')`),
  );
  reader = await createWithGeneratedPassword(mirror, 'reader');
}, 60_000);

afterAll(async () => {
  await admin(ADMIN_URL, async (c) => {
    for (const role of roles) await c.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(role)}`);
  });
  await Promise.all([mirror?.drop(), other?.drop()]);
  // A group's grants lived in its database: once that is dropped, the group can go too.
  await admin(ADMIN_URL, async (c) => {
    for (const db of [mirror, other])
      if (db) await c.query(`DROP ROLE IF EXISTS ${pg.escapeIdentifier(readerGroupName(db.name))}`);
  });
});

describeOnServer(SERVER_ONLY)('sql-user create', () => {
  it('prints the generated password once with a psql line and Metabase/Excel settings, and stores exactly it', async () => {
    const { name, password, stdout, stderr } = reader;
    const url = new URL(mirror.url);
    expect(stdout).toContain(
      `psql "postgresql://${name}:${password}@${url.hostname}:${url.port || '5432'}/${mirror.name}"`,
    );
    expect(stdout).toContain('Metabase:');
    expect(stdout).toContain('Excel:');
    expect(stdout).toContain('It can read: ');
    expect(stderr).not.toContain(password);
    expect(await storedPasswordIs(name, password)).toBe(true);
    expect(await storedPasswordIs(name, password + 'x')).toBe(false);

    const attributes = await admin(
      ADMIN_URL,
      async (c) =>
        (
          await c.query(
            `SELECT rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconfig FROM pg_roles WHERE rolname = $1`,
            [name],
          )
        ).rows[0],
    );
    expect(attributes).toEqual({
      rolcanlogin: true,
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
      rolconfig: ['default_transaction_read_only=on'],
    });
  });

  it('takes the password from stdin (one line), prints it nowhere, and stores exactly it', async () => {
    const name = roleName('stdin');
    const password = 'correct horse battery staple';
    const result = await runCli(['sql-user', 'create', name], env(mirror), { input: password + '\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`psql "postgresql://${name}@`);
    expect(result.stdout + result.stderr).not.toContain(password);
    expect(await storedPasswordIs(name, password)).toBe(true);
  });

  it('--json gives the result, with the password only when it was generated', async () => {
    const name = roleName('json');
    const result = await runCli(['sql-user', 'create', name, '--json'], env(mirror));
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      name,
      database: mirror.name,
      group: readerGroupName(mirror.name),
      passwordGenerated: true,
    });
    expect(await storedPasswordIs(name, json.password as string)).toBe(true);
    expect(json.readable).toEqual(expect.arrayContaining(['organizations', 'account_entries', 'missing_receipts']));

    const given = await runCli(['sql-user', 'create', roleName('json2'), '--json'], env(mirror), {
      input: 'a-long-enough-password',
    });
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).toMatchObject({ passwordGenerated: false });
    expect(given.stdout).not.toContain('a-long-enough-password');
  });

  it('checks the password pg_hba.conf asks for (where it asks for one)', async () => {
    const method = await loopbackAuthMethod();
    if (method !== 'scram-sha-256' && method !== 'md5') {
      // This server trusts local TCP connections: any password gets in, so only the stored verifier (above) proves it.
      console.log(
        `pg_hba.conf authenticates 127.0.0.1 with "${method}": a wrong password cannot be shown to fail here.`,
      );
      return;
    }
    await expect(connectAs(mirror, reader.name, reader.password + 'x')).rejects.toMatchObject({ code: '28P01' });
    await (await connectAs(mirror, reader.name, reader.password)).end();
  });

  it.each([['Accountant'], ['1accountant'], ['acc-ountant'], ['a'.repeat(64)]])(
    'refuses the name %j with exit code 2, naming the rule',
    async (name) => {
      const result = await runCli(['sql-user', 'create', name], env(mirror));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'lowercase letters, digits and underscores, starting with a letter or underscore, at most 63 characters',
      );
    },
  );

  it('refuses names PostgreSQL reserves, with exit code 2', async () => {
    for (const name of ['pg_reader', 'public']) {
      const result = await runCli(['sql-user', 'create', name], env(mirror));
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('reserve');
    }
  });

  it.each([
    ['short\n', 'must be 12 to 256 characters'],
    ['first line is long\nsecond line\n', 'one line'],
    ['\n', 'is empty'],
    ['pässwört-mit-umlaut\n', 'printable ASCII'],
  ])('refuses the stdin password %j with exit code 2', async (input, message) => {
    const name = roleName('badpw');
    const result = await runCli(['sql-user', 'create', name], env(mirror), { input });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(
      await admin(
        ADMIN_URL,
        async (c) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount,
      ),
    ).toBe(0);
  });

  it('refuses a name that is taken with exit code 1, saying whose it is', async () => {
    const again = await runCli(['sql-user', 'create', reader.name], env(mirror));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`"${reader.name}" already is a read-only login of database "${mirror.name}"`);
    expect(await storedPasswordIs(reader.name, reader.password)).toBe(true);

    const postgres = await runCli(['sql-user', 'create', 'postgres'], env(mirror));
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain('A role named "postgres" already exists on this PostgreSQL server');
  });

  it('says the connecting user needs CREATEROLE when it lacks it', async () => {
    const weak = roleName('nocreaterole');
    await admin(ADMIN_URL, (c) => c.query(`CREATE ROLE ${weak} LOGIN NOCREATEROLE`));
    const url = new URL(mirror.url);
    url.username = weak;
    const result = await runCli(['sql-user', 'create', roleName('never')], { DATABASE_URL: url.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `The database user "${weak}" in DATABASE_URL cannot create roles: it needs the CREATEROLE attribute`,
    );
  });

  it('refuses on the embedded database (no DATABASE_URL), pointing to sql-server', async () => {
    for (const args of [['create', 'accountant'], ['list'], ['drop', 'accountant']]) {
      const result = await runCli(['sql-user', ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('`pliant-sync sql-server`');
    }
  });

  it('creates nothing when PUBLIC could read more than the allowlist, naming what and the fix', async () => {
    await admin(other, (c) => c.query('GRANT SELECT ON sync_runs TO PUBLIC; GRANT CREATE ON SCHEMA public TO PUBLIC'));
    try {
      const name = roleName('tooopen');
      const result = await runCli(['sql-user', 'create', name], env(other));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('it could read public.sync_runs (REVOKE SELECT ON public.sync_runs FROM PUBLIC');
      expect(result.stderr).toContain(
        'it could create objects in schema public (REVOKE CREATE ON SCHEMA public FROM PUBLIC',
      );
      expect(result.stderr).toContain('Nothing was changed');
      expect(
        await admin(
          ADMIN_URL,
          async (c) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount,
        ),
      ).toBe(0);
    } finally {
      await admin(other, (c) =>
        c.query('REVOKE SELECT ON sync_runs FROM PUBLIC; REVOKE CREATE ON SCHEMA public FROM PUBLIC'),
      );
    }
  });

  it('re-grants on every create: a view the group lost (as after a later migration) is readable again by every login', async () => {
    const group = readerGroupName(mirror.name);
    await admin(mirror, (c) =>
      c.query(`REVOKE SELECT ON missing_receipts FROM ${group}; GRANT INSERT ON organizations TO ${group}`),
    );
    await asLogin(mirror, reader.name, reader.password, (c) => refused(c, 'SELECT * FROM missing_receipts'));
    await createWithGeneratedPassword(mirror, 'regrant');
    await asLogin(mirror, reader.name, reader.password, (c) => c.query('SELECT * FROM missing_receipts'));
    // …and what the group should not hold is taken away.
    expect(
      await admin(
        mirror,
        async (c) =>
          (await c.query(`SELECT has_table_privilege($1, 'organizations', 'INSERT') AS ok`, [group])).rows[0].ok,
      ),
    ).toBe(false);
  });
});

describeOnServer(SERVER_ONLY)('a read-only login, connected as itself', () => {
  let login: pg.Client;
  beforeAll(async () => {
    login = await connectAs(mirror, reader.name, reader.password);
  });
  afterAll(() => login.end());

  it('reads the mirrored tables and the views that exist', async () => {
    const relations = await relationsOf(mirror);
    const readable = READABLE.filter((r) => relations.includes(r));
    expect(readable).toEqual(
      expect.arrayContaining([
        'organizations',
        'cardholders',
        'cards',
        'account_entries',
        'transactions',
        'bill_payments',
        'receipts',
        'missing_receipts',
      ]),
    );
    for (const relation of readable) await login.query(`SELECT * FROM ${relation} LIMIT 1`);
    expect((await login.query('SELECT name FROM organizations')).rows).toEqual([{ name: 'Acme GmbH' }]);
  });

  it('writes nothing: refused by its read-only default, and by the grants once it turns that off', async () => {
    await refused(login, `INSERT INTO organizations (id, raw) VALUES ('x', '{}')`, '25006');
    await login.query('SET default_transaction_read_only = off');
    try {
      await refused(login, `INSERT INTO organizations (id, raw) VALUES ('x', '{}')`);
      await refused(login, `UPDATE organizations SET name = 'changed'`);
      await refused(login, `DELETE FROM organizations`);
      await refused(login, `TRUNCATE organizations`);
      await refused(login, `INSERT INTO sync_runs (kind) VALUES ('sync')`);
    } finally {
      await login.query('RESET default_transaction_read_only');
    }
  });

  it('reads none of the other tables: sync_*, export_*, callback_*, receipt_checks, _prisma_migrations', async () => {
    const others = (await relationsOf(mirror)).filter((r) => !READABLE.includes(r));
    expect(others).toEqual(
      expect.arrayContaining([
        'sync_runs',
        'sync_cursors',
        'sync_run_streams',
        'export_batches',
        'export_batch_entries',
        'callback_events',
        'receipt_checks',
        '_prisma_migrations',
      ]),
    );
    for (const relation of others) await refused(login, `SELECT * FROM ${pg.escapeIdentifier(relation)} LIMIT 1`);
  });

  it('creates nothing in any schema, and no schema', async () => {
    await login.query('SET default_transaction_read_only = off');
    try {
      await refused(login, 'CREATE TABLE public.mine (x int)');
      await refused(login, 'CREATE TABLE mine (x int)');
      await refused(login, 'CREATE VIEW mine AS SELECT 1');
      await refused(login, 'CREATE FUNCTION mine() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
      await refused(login, 'CREATE SCHEMA mine');
    } finally {
      await login.query('RESET default_transaction_read_only');
    }
  });

  it('temporary tables: refused by default; possible after SET (PUBLIC holds TEMP), private to the session', async () => {
    await refused(login, 'CREATE TEMP TABLE scratch (x int)', '25006');
    // The documented limit (SQL_USER_LIMITS): revoking TEMP from PUBLIC would change every role's rights.
    await login.query('SET default_transaction_read_only = off');
    try {
      await login.query('CREATE TEMP TABLE scratch (x int)');
      await login.query('DROP TABLE scratch');
    } finally {
      await login.query('RESET default_transaction_read_only');
    }
  });

  it('reads nothing of another mirror on the same server, even one that has read-only logins of its own', async () => {
    const otherReader = await createWithGeneratedPassword(other, 'otherreader');
    await asLogin(other, otherReader.name, otherReader.password, async (c) =>
      expect((await c.query('SELECT name FROM organizations')).rows).toEqual([{ name: 'Other AG' }]),
    );
    // PUBLIC's CONNECT may let it in (see SQL_USER_LIMITS); if so, every read of the mirror is refused.
    const inOther = await connectAs(other, reader.name, reader.password).catch((error: { code?: string }) => {
      expect(error.code).toBe('42501');
      return undefined;
    });
    if (inOther) {
      try {
        const there = await relationsOf(other);
        for (const relation of READABLE.filter((r) => there.includes(r)))
          await refused(inOther, `SELECT * FROM ${relation} LIMIT 1`);
      } finally {
        await inOther.end();
      }
    }
    await asLogin(mirror, otherReader.name, otherReader.password, (c) => refused(c, 'SELECT * FROM organizations'));
  });
});

describeOnServer(SERVER_ONLY)('sql-user list and drop', () => {
  it('list shows the logins of this database only, as text and as JSON', async () => {
    const text = await runCli(['sql-user', 'list'], env(mirror));
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^${reader.name}\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
    const json = await runCli(['sql-user', 'list', '--json'], env(mirror));
    expect(json.code).toBe(0);
    const logins = JSON.parse(json.stdout) as { name: string; createdAt: string; sessions: number }[];
    expect(logins.find((l) => l.name === reader.name)).toEqual({
      name: reader.name,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      sessions: expect.any(Number),
    });
    expect(logins.every((l) => l.name.startsWith('t_') && !l.name.startsWith('t_otherreader'))).toBe(true);
    expect(logins.map((l) => l.name)).not.toContain('postgres');
  });

  it('drop refuses roles it did not make for this database', async () => {
    const postgres = await runCli(['sql-user', 'drop', 'postgres'], env(mirror));
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain('"postgres" is not a read-only login of database');
    const otherLogins = JSON.parse((await runCli(['sql-user', 'list', '--json'], env(other))).stdout) as {
      name: string;
    }[];
    expect(otherLogins.length).toBeGreaterThan(0);
    const fromMirror = await runCli(['sql-user', 'drop', otherLogins[0]!.name], env(mirror));
    expect(fromMirror.code).toBe(1);
    const missing = await runCli(['sql-user', 'drop', 'no_such_login_' + RUN], env(mirror));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no login named');
  });

  it('drop removes the login, ends its open sessions, and list no longer shows it', async () => {
    const session = await connectAs(mirror, reader.name, reader.password);
    session.on('error', () => undefined);
    const result = await runCli(['sql-user', 'drop', reader.name], env(mirror));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Dropped the read-only login "${reader.name}"`);
    expect(result.stdout).toMatch(/Ended its [1-9]\d* open session\(s\)\./);
    await expect(session.query('SELECT 1')).rejects.toThrow();
    await session.end().catch(() => undefined);
    expect(
      await admin(
        ADMIN_URL,
        async (c) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [reader.name])).rowCount,
      ),
    ).toBe(0);
    const logins = JSON.parse((await runCli(['sql-user', 'list', '--json'], env(mirror))).stdout) as { name: string }[];
    expect(logins.map((l) => l.name)).not.toContain(reader.name);
  });
});

describeOnServer(SERVER_ONLY)('sql-user --help', () => {
  it.each([[[]], [['create']], [['list']], [['drop']]])('%j explains it with the exit codes', async (sub) => {
    const result = await runCli(['sql-user', ...sub, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Usage: pliant-sync sql-user${sub.length ? ' ' + sub[0] : ''}`);
    expect(result.stdout.replace(/\s+/g, ' ')).toMatch(/Exit codes: 0 .*1 failed.*2 bad usage or configuration/);
  });

  it('create --help says where the password comes from and what the login can read', async () => {
    const result = await runCli(['sql-user', 'create', '--help']);
    expect(result.stdout).toContain('read from stdin');
    expect(result.stdout).toContain('generated and printed once');
    expect(result.stdout).toContain('booked_entries');
    expect(result.stdout).toContain('pliant-sync sql-server');
  });
});
