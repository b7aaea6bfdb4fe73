import { Command } from 'commander';

import { migrate } from '../../db/migrate.js';
import type { Context } from '../context.js';
import { withMirror } from '../mirror.js';
import { returnsOutcome, succeeded } from '../outcome.js';
import { printJson } from '../output.js';

export function migrateCommand(context: () => Context): Command {
  return new Command('migrate')
    .description('bring the database schema up to date (safe to run any time, by several hosts at once)')
    .option('--json', 'print the applied migrations as JSON on stdout')
    .addHelpText(
      'after',
      '\nApplies prisma/migrations in order, each in one transaction, under the same advisory lock as\n' +
        '`prisma migrate deploy`, and records them in _prisma_migrations as Prisma does. Without DATABASE_URL\n' +
        'it migrates the embedded database (every other command does that by itself there).\n\n' +
        'Exit codes: 0 the schema is up to date; 1 a migration failed (it was rolled back, nothing of it is\n' +
        'recorded; the error names it) or the database did not answer; 2 bad usage or configuration.',
    )
    .action(
      returnsOutcome(async (opts: { json?: boolean }) => {
        const ctx = context();
        const result = await withMirror(ctx, 'migrate', (db) => migrate(db, ctx.logger));
        if (opts.json) printJson(result);
        else if (result.applied.length === 0)
          process.stdout.write(`Database is up to date (${result.alreadyApplied.length} migrations applied).\n`);
        else process.stdout.write(`Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}\n`);
        return succeeded;
      }),
    );
}
