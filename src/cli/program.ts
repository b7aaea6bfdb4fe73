import { Command, CommanderError } from 'commander';

import { backfillCommand } from './commands/backfill.js';
import { demoCommand } from './commands/demo.js';
import { exportCommand } from './commands/export.js';
import { leadCommand } from './commands/lead.js';
import { migrateCommand } from './commands/migrate.js';
import { simulatorCommand } from './commands/simulator.js';
import { sqlServerCommand } from './commands/sql-server.js';
import { sqlUserCommand } from './commands/sql-user.js';
import { statusCommand } from './commands/status.js';
import { syncCommand } from './commands/sync.js';
import { createContext, type Context } from './context.js';

/** A command that the entry point adds from outside src/ (the worker, from jobs/). */
export type CommandFactory = (context: () => Context) => Command;

/**
 * The `pliant-sync` command line. Configuration is read and validated once, before any
 * command runs (not for --help), so a bad variable stops every command with exit code 2.
 * `jobs` are the commands of jobs/ (which may use src/, never the other way round).
 */
export function buildProgram(env: NodeJS.ProcessEnv = process.env, jobs: readonly CommandFactory[] = []): Command {
  let context: Context | undefined;
  const getContext = (): Context => (context ??= createContext(env));

  const program = new Command('pliant-sync')
    .description(
      'Mirrors Pliant corporate-card data (account entries, transactions, bill payments, cards, ' +
        'cardholders, receipts) into PostgreSQL and exports journal lines for accounting software.',
    )
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nConfiguration comes from the environment and an optional .env file (see README).\n' +
        'Exit codes: 0 success, 1 failure, 2 bad usage or configuration, 3 another sync holds the lock\n' +
        '(or, on the embedded database, another process holds the database).',
    );

  program.hook('preAction', () => {
    getContext();
  });

  for (const command of [
    migrateCommand(getContext),
    syncCommand(getContext),
    backfillCommand(getContext),
    ...jobs.map((job) => job(getContext)),
    statusCommand(getContext),
    exportCommand(getContext),
    simulatorCommand(),
    demoCommand(getContext),
    sqlServerCommand(getContext),
    sqlUserCommand(getContext),
    leadCommand(getContext),
  ]) {
    program.addCommand(command);
  }
  // Usage errors become exit code 2 instead of commander's process.exit(1), in every subcommand.
  const override = (cmd: Command): void => {
    cmd.exitOverride();
    cmd.commands.forEach(override);
  };
  override(program);
  return program;
}

export { CommanderError };
