/** `pliant-sync worker`: the scheduled jobs (jobs/) wired to the callback receiver; the entry point adds it to the CLI. */
import { Command } from 'commander';

import type { Context } from '../src/cli/context.js';
import { withMirror } from '../src/cli/mirror.js';
import { returnsOutcome, succeeded } from '../src/cli/outcome.js';
import { ensureReachable } from '../src/db/reachable.js';
import { OrganizationSyncs, RunQueue } from '../src/leads/organization-syncs.js';
import { clientFromConfig } from '../src/pliant/from-config.js';
import { startCallbackService } from '../src/receipts/callbacks/server.js';
import { receiptsFromConfig } from '../src/receipts/from-config.js';
import { runOptionsFromConfig } from '../src/sync/from-config.js';
import { logProgress } from '../src/sync/progress.js';
import { runSync } from '../src/sync/runner.js';
import { startDailySync } from './daily-sync.js';

export function workerCommand(context: () => Context): Command {
  return new Command('worker')
    .description('long-running: the daily cron schedule, plus the callback receiver')
    .addHelpText(
      'after',
      '\nRuns `sync` on SYNC_CRON in SYNC_TIMEZONE (default 04:00 Europe/Berlin). On start it catches up\n' +
        'when the last successful run is older than the last scheduled time. Runs never overlap; a run that\n' +
        'failed for reasons that pass (Pliant 5xx, the network) is tried again after 1, 5 and 15 minutes,\n' +
        'any other failed run at the next tick. SIGTERM or SIGINT finish the current page, commit, and exit 0.\n\n' +
        "On CALLBACK_PORT (default 8080) it receives Pliant's signed receipt and lead callbacks at POST /callbacks/pliant\n" +
        '(stored before they are answered, then processed at once) and answers GET /health for the container.\n' +
        'When an organization referred as a lead grants the authorization (AUTHORIZATION_GRANTED), it is synced\n' +
        'at once, after the run in progress if one is going; the daily runs include it from then on.\n\n' +
        'Exit codes: 0 stopped by SIGTERM or SIGINT once its run had stopped cleanly; 1 it could not start\n' +
        '(CALLBACK_PORT taken, the database does not answer: the message names which); 2 bad usage or\n' +
        'configuration. A scheduled run that fails does not stop the worker: it is logged and tried again.',
    )
    .action(
      returnsOutcome(async () => {
        // Listening from the first instant: a SIGTERM during start-up stops the worker cleanly once it has started.
        const stopRequested = new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGTERM', () => resolve('SIGTERM'));
          process.once('SIGINT', () => resolve('SIGINT'));
        });
        const ctx = context();
        const { config, logger } = ctx;
        const client = clientFromConfig(config, logger);
        const receipts = receiptsFromConfig(config);
        return withMirror(ctx, 'worker', async (database) => {
          const db = database.prisma;
          // First, so that an unreachable database or a port in use stops the worker before any run starts.
          await ensureReachable(database);
          // Each run takes today's date when it starts (a worker runs for months).
          const runOptions = (signal: AbortSignal) =>
            runOptionsFromConfig(config, { kind: 'sync', signal, progress: logProgress(logger) });
          // One run at a time in this worker: a newly authorized organization's first sync waits for the daily run, and the other way round.
          const queue = new RunQueue();
          const stopping = new AbortController();
          const firstSyncs = new OrganizationSyncs({
            database,
            client,
            logger,
            queue,
            runOptions: () => runOptions(stopping.signal),
          });
          const callbacks = await startCallbackService({
            port: config.callbackPort,
            db,
            client,
            receipts,
            logger,
            onAuthorized: (organizationId) => firstSyncs.request(organizationId),
          });
          const worker = startDailySync({
            cron: config.sync.cron,
            timezone: config.sync.timezone,
            logger,
            run: (signal) => queue.enqueue(() => runSync({ database, client, logger }, runOptions(signal))),
            lastSuccess: async () =>
              (
                await db.syncRun.findFirst({
                  where: { kind: 'sync', status: 'succeeded' },
                  orderBy: { finishedAt: 'desc' },
                })
              )?.finishedAt ?? null,
          });
          await firstSyncs.resume();
          const signal = await stopRequested;
          logger.info(`${signal} received: finishing the current page, then stopping`);
          firstSyncs.stop();
          stopping.abort();
          await Promise.all([callbacks.close(), worker.stop(), queue.idle()]);
          logger.info('Worker stopped');
          return succeeded;
        });
      }),
    );
}
