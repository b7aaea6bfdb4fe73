import { Command } from 'commander';

import type { Config } from '../../config.js';
import {
  createSqlUser,
  dropSqlUser,
  generatePassword,
  listSqlUsers,
  MIN_PASSWORD_LENGTH,
  NAME_RULE,
  READABLE_TABLES,
  READABLE_VIEWS,
  SQL_USER_LIMITS,
  validateLoginName,
  validatePassword,
} from '../../db/sql-users.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { returnsOutcome, succeeded } from '../outcome.js';
import { printJson, renderTable } from '../output.js';

const EXIT_CODES = (done: string, failed: string, usage = 'DATABASE_URL not set, an invalid name') =>
  '\n' + wrap(`Exit codes: 0 ${done}; 1 failed (${failed}); 2 bad usage or configuration (${usage}).`, '', '  ');

/** Logins are roles of a PostgreSQL server; the embedded database has its own read-only door. */
function serverUrl(config: Config): string {
  if (config.databaseUrl) return config.databaseUrl;
  throw new UsageError(
    'sql-user makes logins on a PostgreSQL server, and DATABASE_URL is not set (the embedded database has no logins). ' +
      'To give SQL tools read-only access to the embedded database, run `pliant-sync sql-server`; ' +
      'or set DATABASE_URL to the mirror on a PostgreSQL server (for example DATABASE_URL=postgresql://user@127.0.0.1:5432/pliant).',
  );
}

/**
 * The password from stdin when it is not a terminal and holds something (one line), else none
 * (a terminal, /dev/null, a closed stdin): then one is generated.
 */
async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  let text = '';
  try {
    for await (const chunk of process.stdin) text += (chunk as Buffer).toString('utf8');
  } catch {
    return undefined;
  }
  if (text === '') return undefined;
  const line = text.replace(/\r?\n$/, '');
  if (/[\r\n]/.test(line)) throw new UsageError('stdin must hold the password on one line, and nothing else.');
  if (line === '')
    throw new UsageError(
      'The password read from stdin is empty (give one, or run without stdin to have one generated).',
    );
  return validatePassword(line);
}

/** Where tools connect: DATABASE_URL's host and port (and sslmode), the database the server reports. */
function connectionOf(databaseUrl: string, database: string) {
  const u = new URL(databaseUrl);
  const host = u.hostname || 'localhost';
  const port = u.port || '5432';
  const sslmode = u.searchParams.get('sslmode');
  const url = (user: string, password?: string) =>
    `postgresql://${encodeURIComponent(user)}${password === undefined ? '' : ':' + encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}${sslmode ? `?sslmode=${sslmode}` : ''}`;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(host);
  return { host, port, url, loopback };
}

function createCommand(context: () => Context): Command {
  return new Command('create')
    .description('create a read-only login (password from stdin, or generated and printed once)')
    .argument('<name>', `login name: ${NAME_RULE}`)
    .option('--json', 'print the result as JSON on stdout (with the password when it was generated)')
    .addHelpText(
      'after',
      `
${wrap(`The login can SELECT the mirrored tables (${READABLE_TABLES.join(', ')}) and the views (${READABLE_VIEWS.join(', ')}) of the database in DATABASE_URL, those that exist, and nothing else: no writes, no sync_*, export_*, callback_*, receipt_checks or _prisma_migrations, no CREATE anywhere. pliant-sync checks this with PostgreSQL's own privilege functions before it commits the login.`, '', '')}

The password is read from stdin when stdin is not a terminal (one line; ${MIN_PASSWORD_LENGTH}+ printable ASCII characters):
  printf '%s\\n' "$PASSWORD" | pliant-sync sql-user create accountant
It reads until the end of input; </dev/null, or a terminal, has a strong one generated and
printed once instead, with a psql line and Metabase/Excel settings.
The server only ever receives a SCRAM-SHA-256 verifier of it.

Every create also grants the views a later migration added, to all logins of this database.
Needs DATABASE_URL on a PostgreSQL server, as a user with CREATEROLE that owns the mirror's tables
(the one that runs \`pliant-sync migrate\`). On the embedded database use \`pliant-sync sql-server\`.
` +
        EXIT_CODES(
          'the login was created',
          'the name is taken, a privilege is missing, the database did not answer; nothing was created',
          'DATABASE_URL not set, an invalid name or password',
        ),
    )
    .action(
      returnsOutcome(async (name: string, opts: { json?: boolean }) => {
        validateLoginName(name);
        const url = serverUrl(context().config);
        const given = await passwordFromStdin();
        const password = given ?? generatePassword();
        const created = await createSqlUser(url, name, password);
        const connection = connectionOf(url, created.database);
        if (opts.json) {
          printJson({
            name: created.name,
            database: created.database,
            host: connection.host,
            port: Number(connection.port),
            group: created.group,
            readable: created.readable,
            passwordGenerated: given === undefined,
            ...(given === undefined ? { password } : {}),
            url: connection.url(created.name),
          });
          return succeeded;
        }
        const lines = [
          `Created the read-only login "${created.name}" for database ${created.database} on ${connection.host}:${connection.port}.`,
        ];
        if (given === undefined) {
          lines.push(
            '',
            `Password (shown only now; store it in your password manager): ${password}`,
            '',
            'Connect:',
            `  psql "${connection.url(created.name, password)}"`,
          );
        } else {
          lines.push(
            'The password is the one read from stdin.',
            '',
            'Connect (psql asks for the password):',
            `  psql "${connection.url(created.name)}"`,
          );
        }
        lines.push(
          '',
          `Metabase: Admin > Databases > Add database > PostgreSQL; host ${connection.host}, port ${connection.port}, database ${created.database}, username ${created.name}, the password.`,
          `Excel: Data > Get Data > From Database > From PostgreSQL Database; server ${connection.host}:${connection.port}, database ${created.database}; sign in under "Database" as ${created.name}.`,
        );
        if (connection.loopback)
          lines.push(
            `(${connection.host} is this machine, as DATABASE_URL names it: from another machine use the server's address.)`,
          );
        lines.push('', `It can read: ${created.readable.join(', ')}.`);
        process.stdout.write(lines.join('\n') + '\n');
        return succeeded;
      }),
    );
}

function listCommand(context: () => Context): Command {
  return new Command('list')
    .description('the read-only logins of this database')
    .option('--json', 'print the logins as JSON on stdout')
    .addHelpText(
      'after',
      "\nShows the logins that are members of this database's reader group, when each was created,\nand its open sessions (on any database of the server)." +
        EXIT_CODES('listed', 'the database did not answer', 'DATABASE_URL not set'),
    )
    .action(
      returnsOutcome(async (opts: { json?: boolean }) => {
        const { database, logins } = await listSqlUsers(serverUrl(context().config));
        if (opts.json) printJson(logins);
        else if (logins.length === 0)
          process.stdout.write(
            `No read-only logins for database ${database} yet: \`pliant-sync sql-user create NAME\` makes one.\n`,
          );
        else
          process.stdout.write(
            renderTable(
              ['login', 'created', 'sessions'],
              logins.map((l) => [l.name, l.createdAt ?? '', l.sessions]),
            ) + '\n',
          );
        return succeeded;
      }),
    );
}

function dropCommand(context: () => Context): Command {
  return new Command('drop')
    .description('drop a read-only login')
    .argument('<name>', 'login name (one that `sql-user list` shows)')
    .addHelpText(
      'after',
      '\nDrops only a login this command made for this database (a member of its reader group); any other role\n' +
        'is refused. Its open sessions are ended where the user in DATABASE_URL may (superuser or pg_signal_backend).' +
        EXIT_CODES('the login was dropped', 'no such login, not one of this database, or the database refused'),
    )
    .action(
      returnsOutcome(async (name: string) => {
        validateLoginName(name);
        const dropped = await dropSqlUser(serverUrl(context().config), name);
        process.stdout.write(`Dropped the read-only login "${dropped.name}" of database ${dropped.database}.\n`);
        if (dropped.sessionsEnded > 0) process.stdout.write(`Ended its ${dropped.sessionsEnded} open session(s).\n`);
        if (dropped.sessionsLeft > 0) {
          process.stdout.write(
            `${dropped.sessionsLeft} session(s) of it are still open, with no access to the mirror; a superuser can end them with pg_terminate_backend.\n`,
          );
        }
        return succeeded;
      }),
    );
}

/** Words into lines of at most 100 characters, for help text. */
function wrap(text: string, first: string, rest: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length > 100 && line.trim() !== '' && line !== first) {
      lines.push(line.trimEnd());
      line = rest;
    }
    line += word + ' ';
  }
  return [...lines, line.trimEnd()].join('\n');
}

export function sqlUserCommand(context: () => Context): Command {
  const command = new Command('sql-user')
    .description("read-only database logins for accountants' tools (PostgreSQL server)")
    .addHelpText(
      'after',
      `
Logins are PostgreSQL roles, members of one group per mirror database (pliant_readers_<database>)
that holds SELECT on the mirrored tables and the views for accountants, and nothing else. Each login
also defaults to read-only transactions. Nothing is changed for other roles or other databases, so:
${SQL_USER_LIMITS.map((l) => wrap(l, '  - ', '    ')).join('\n')}

On the embedded database (no DATABASE_URL) use \`pliant-sync sql-server\` instead.
Exit codes: 0 done, 1 failed, 2 bad usage or configuration.`,
    );
  command.addCommand(createCommand(context));
  command.addCommand(listCommand(context));
  command.addCommand(dropCommand(context));
  return command;
}
