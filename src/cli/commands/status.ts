import { Command } from 'commander';

import { readStatus } from '../../status/read-status.js';
import { renderStatus } from '../../status/render-status.js';
import type { Context } from '../context.js';
import { withMirror } from '../mirror.js';
import { returnsOutcome, succeeded } from '../outcome.js';
import { printJson } from '../output.js';

export function statusCommand(context: () => Context): Command {
  return new Command('status')
    .description('cursors, last runs and their counts, per organization and stream')
    .option('--json', 'print the report as JSON on stdout')
    .option('--runs <n>', 'how many recent runs to show', (v) => Number.parseInt(v, 10), 10)
    .action(
      returnsOutcome(async (opts: { json?: boolean; runs: number }) => {
        return withMirror(context(), 'status', async (db) => {
          const report = await readStatus(db.prisma, opts.runs);
          if (opts.json) printJson(report);
          else process.stdout.write(renderStatus(report) + '\n');
          return succeeded;
        });
      }),
    );
}
