import { Command } from 'commander';
import { requireDatabaseUrl } from '../../config.js';
import { createPrisma } from '../../db/prisma.js';
import { readStatus } from '../../status/read-status.js';
import { renderStatus } from '../../status/render-status.js';
import type { Context } from '../context.js';
import { returnsOutcome, succeeded } from '../outcome.js';
import { printJson } from '../output.js';

export function statusCommand(context: () => Context): Command {
  return new Command('status')
    .description('cursors, last runs and their counts, per organization and stream')
    .option('--json', 'print the report as JSON on stdout')
    .option('--runs <n>', 'how many recent runs to show', (v) => Number.parseInt(v, 10), 10)
    .action(
      returnsOutcome(async (opts: { json?: boolean; runs: number }) => {
        const { config } = context();
        const prisma = createPrisma(requireDatabaseUrl(config));
        try {
          const report = await readStatus(prisma, opts.runs);
          if (opts.json) printJson(report);
          else process.stdout.write(renderStatus(report) + '\n');
          return succeeded;
        } finally {
          await prisma.$disconnect();
        }
      }),
    );
}
