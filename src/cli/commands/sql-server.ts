import { Command, InvalidArgumentError } from 'commander';

import { serveReadOnly } from '../../db/sql-server.js';
import { demoPaths } from '../../demo/paths.js';
import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { returnsOutcome, succeeded } from '../outcome.js';

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535)
    throw new InvalidArgumentError('must be a port number from 1 to 65535, e.g. 5433');
  return n;
}

export function sqlServerCommand(context: () => Context): Command {
  return new Command('sql-server')
    .description("serve the embedded database (or the demo's) read-only on the PostgreSQL wire protocol on 127.0.0.1")
    .option('--port <n>', 'port to listen on (default SQL_PORT, 5433)', port)
    .option('--demo', "serve the demo's database (./data/demo) instead of ./data/pglite")
    .addHelpText(
      'after',
      '\nFor psql, Excel, Metabase and other PostgreSQL tools on this machine: host 127.0.0.1, the port, user\n' +
        'postgres, database postgres, no password. It serves a snapshot taken at start (restart it to see a\n' +
        'newer sync; the sync can run meanwhile) and refuses writes. Ctrl-C stops it.\n' +
        'On a PostgreSQL server (DATABASE_URL) tools connect to the server itself: see `pliant-sync sql-user`.\n\n' +
        'Exit codes: 0 stopped by Ctrl-C; 1 it could not start (port taken, no database yet); 2 bad usage,\n' +
        'or DATABASE_URL names a server; 3 another process holds the embedded database while the snapshot is taken.',
    )
    .action(
      returnsOutcome(async (opts: { port?: number; demo?: boolean }) => {
        const { config, logger } = context();
        if (!opts.demo && config.database.kind === 'server') {
          throw new UsageError(
            'sql-server serves the embedded database, but DATABASE_URL names a PostgreSQL server: let your tools connect to that server ' +
              'with a read-only login from `pliant-sync sql-user create NAME`.',
          );
        }
        const dataDir = opts.demo
          ? demoPaths().database
          : config.database.kind === 'embedded'
            ? config.database.dataDir
            : '';
        const stop = new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        const server = await serveReadOnly({
          dataDir,
          port: opts.port ?? config.sqlPort,
          logger,
          whenMissing: opts.demo
            ? 'run `pliant-sync demo` first.'
            : 'run `pliant-sync sync` first (or `pliant-sync demo` and serve it with --demo).',
        });
        process.stdout.write(
          `Serving ${opts.demo ? 'the demo database' : 'the embedded database'} (${dataDir}) read-only, as of ${server.snapshotAt.toISOString()}.\n` +
            `Connect with:\n  psql -h ${server.host} -p ${server.port} -U postgres postgres\n` +
            `or any PostgreSQL tool: host ${server.host}, port ${server.port}, user postgres, database postgres, no password.\n` +
            'Try: SELECT * FROM booked_entries ORDER BY booking_date DESC LIMIT 10;\n' +
            'Press Ctrl+C to stop.\n',
        );
        await stop;
        await server.close();
        process.stderr.write('sql-server stopped\n');
        return succeeded;
      }),
    );
}
