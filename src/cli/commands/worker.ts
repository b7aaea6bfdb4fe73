import { Command } from 'commander';
import { formatISO } from 'date-fns';
import { startDailySync } from '../../../jobs/daily-sync.js';
import { requireDatabaseUrl } from '../../config.js';
import { createPrisma } from '../../db/prisma.js';
import { clientFromConfig } from '../../pliant/from-config.js';
import { logProgress } from '../../sync/progress.js';
import { runSync } from '../../sync/runner.js';
import type { Context } from '../context.js';

export function workerCommand(context: () => Context): Command {
  return new Command('worker')
    .description('long-running: the daily cron schedule, plus the callback receiver')
    .addHelpText(
      'after',
      '\nRuns `sync` on SYNC_CRON in SYNC_TIMEZONE (default 04:00 Europe/Berlin). On start it catches up\n' +
        'when the last successful run is older than the last scheduled time. Runs never overlap; a failed\n' +
        'run is retried at the next tick. SIGTERM or SIGINT finish the current page, commit, and exit 0.',
    )
    .action(async () => {
      const { config, logger } = context();
      const databaseUrl = requireDatabaseUrl(config);
      const client = clientFromConfig(config, logger);
      const db = createPrisma(databaseUrl);
      const worker = startDailySync({
        cron: config.sync.cron,
        timezone: config.sync.timezone,
        logger,
        run: (signal) =>
          runSync(
            { db, client, logger, databaseUrl },
            { mode: { kind: 'sync', lookbackDays: config.sync.lookbackDays, today: formatISO(new Date(), { representation: 'date' }) }, signal, pageSize: config.sync.pageSize, progress: logProgress(logger) },
          ),
        lastSuccess: async () =>
          (await db.syncRun.findFirst({ where: { kind: 'sync', status: 'succeeded' }, orderBy: { finishedAt: 'desc' } }))?.finishedAt ?? null,
      });
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      logger.info(`${signal} received: finishing the current page, then stopping`);
      await worker.stop();
      await db.$disconnect();
      logger.info('Worker stopped');
    });
}
