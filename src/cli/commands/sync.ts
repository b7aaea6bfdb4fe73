import { Command } from 'commander';
import { formatISO } from 'date-fns';
import type { Context } from '../context.js';
import { addRunOptions, executeRun, type RunFlags } from './run-options.js';
import { stopSignal } from './stop-signal.js';

export function syncCommand(context: () => Context): Command {
  return addRunOptions(new Command('sync').description('one incremental run of every stream, then exit'))
    .addHelpText(
      'after',
      '\nReads what changed since the last run (re-reading SYNC_LOOKBACK_DAYS before each cursor), upserts it,\n' +
        'and checks every card account statement for gaps. Exit code 0 when the run succeeded, 1 when it\n' +
        'failed or is incomplete, 3 when another sync holds the lock. Ctrl-C finishes the current page and stops.',
    )
    .action(async (flags: RunFlags) => {
      const ctx = context();
      const today = formatISO(new Date(), { representation: 'date' });
      await executeRun(ctx, flags, { kind: 'sync', lookbackDays: ctx.config.sync.lookbackDays, today }, stopSignal(ctx.logger));
    });
}
