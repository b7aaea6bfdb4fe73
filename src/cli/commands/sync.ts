import { Command } from 'commander';

import type { Context } from '../context.js';
import { returnsOutcome } from '../outcome.js';
import { addRunOptions, executeRun, EXIT_CODES_OF_RUNS, runOutcome, type RunFlags } from './run-options.js';
import { stopSignal } from './stop-signal.js';

export function syncCommand(context: () => Context): Command {
  return addRunOptions(new Command('sync').description('one incremental run of every stream, then exit'))
    .addHelpText(
      'after',
      '\nReads what changed since the last run (re-reading SYNC_LOOKBACK_DAYS before each cursor), upserts it,\n' +
        'and checks every card account statement for gaps. Ctrl-C (or SIGTERM) finishes the current page,\n' +
        'commits it and stops; a second one ends the process at once (exit 130; committed pages are kept).\n\n' +
        EXIT_CODES_OF_RUNS,
    )
    .action(
      returnsOutcome(async (flags: RunFlags) => {
        const ctx = context();
        return runOutcome(await executeRun(ctx, flags, 'sync', stopSignal(ctx.logger)));
      }),
    );
}
