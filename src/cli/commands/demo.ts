import { Command } from 'commander';

import { renderDemo } from '../../demo/report.js';
import { runDemo } from '../../demo/run-demo.js';
import { loadExportSettings } from '../../export/index.js';
import { createLogger } from '../../logger.js';
import { logProgress, silentProgress, terminalProgress } from '../../sync/progress.js';
import type { Context } from '../context.js';
import { failed, returnsOutcome, succeeded } from '../outcome.js';
import { printJson } from '../output.js';

export function demoCommand(context: () => Context): Command {
  return new Command('demo')
    .description('simulator + embedded database + sync + export into ./out, end to end, and says where to look')
    .option('--json', 'print what was done as JSON on stdout')
    .addHelpText(
      'after',
      '\nStarts the bundled Pliant simulator in this process (3 organizations, 90 days, receipts; no rate\n' +
        'limit), syncs it into an embedded database of its own (./data/demo, made afresh each time; receipt\n' +
        'files in ./data/demo-receipts), exports the last full month as DATEV, CSV and hledger into ./out,\n' +
        'and prints what it did and SQL to try with `pliant-sync sql-server --demo`. Needs no PostgreSQL\n' +
        'server, no credentials and no network.\n\n' +
        'Exit codes: 0 done; 1 the sync or an export failed (the reason is on stderr); 3 a\n' +
        '`sql-server --demo` still serves the last demo database (stop it first).',
    )
    .action(
      returnsOutcome(async (opts: { json?: boolean }) => {
        const { config } = context();
        const terminal = !opts.json && process.stderr.isTTY;
        // Quiet unless asked: the demo's own lines say what happens.
        const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
        const result = await runDemo({
          settings: loadExportSettings(config.exportConfig),
          config,
          logger,
          progress: terminal ? terminalProgress() : opts.json ? silentProgress : logProgress(logger),
          step: (line) => process.stderr.write(`${line}\n`),
        });
        if (opts.json) printJson(result);
        else process.stdout.write(renderDemo(result, process.cwd(), config.sqlPort) + '\n');
        return result.run.status === 'succeeded'
          ? succeeded
          : failed(`the demo's sync run ended ${result.run.status}: ${result.run.error ?? ''}`);
      }),
    );
}
