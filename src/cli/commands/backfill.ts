import { Command } from 'commander';

import { UsageError } from '../../errors.js';
import type { Context } from '../context.js';
import { returnsOutcome } from '../outcome.js';
import { addRunOptions, executeRun, EXIT_CODES_OF_RUNS, parseDate, runOutcome, type RunFlags } from './run-options.js';
import { stopSignal } from './stop-signal.js';

export function backfillCommand(context: () => Context): Command {
  return addRunOptions(
    new Command('backfill')
      .description('re-read a date range; never moves the incremental cursors')
      .requiredOption('--from <date>', 'first booking date, YYYY-MM-DD (inclusive, UTC)', parseDate)
      .requiredOption('--to <date>', 'last booking date, YYYY-MM-DD (inclusive, UTC)', parseDate),
  )
    .addHelpText(
      'after',
      '\nRe-reads the account entries booked in the range, their transactions and bill payments (and the\n' +
        'organizations, cardholders and cards), and upserts them. Idempotent: running it twice changes\n' +
        'nothing the second time. It takes the sync lock, so it runs while no other sync does. Ctrl-C (or\n' +
        'SIGTERM) finishes the current page, commits it and stops.\n\n' +
        EXIT_CODES_OF_RUNS,
    )
    .action(
      returnsOutcome(async (flags: RunFlags & { from: string; to: string }) => {
        if (flags.from > flags.to) throw new UsageError(`--from ${flags.from} is after --to ${flags.to}`);
        const ctx = context();
        return runOutcome(await executeRun(ctx, flags, { from: flags.from, to: flags.to }, stopSignal(ctx.logger)));
      }),
    );
}
