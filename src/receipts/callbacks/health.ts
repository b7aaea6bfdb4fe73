/** GET /health for the container: the database answers, when the last sync succeeded, callbacks waiting. */
import type { PrismaClient } from '../../db/prisma.js';
import type { Logger } from '../../logger.js';
import type { Reply } from './receiver.js';

export async function readHealth(db: PrismaClient, logger: Logger): Promise<Reply> {
  try {
    const [row] = await db.$queryRaw<{ last: Date | null; pending: number; failed: number }[]>`
      SELECT (SELECT max(finished_at) FROM sync_runs WHERE kind = 'sync' AND status = 'succeeded') AS last,
             (SELECT count(*)::int FROM callback_events WHERE status = 'pending') AS pending,
             (SELECT count(*)::int FROM callback_events WHERE status = 'failed') AS failed`;
    return {
      status: 200,
      body: {
        ok: true,
        database: 'reachable',
        lastSuccessfulSync: row?.last ? row.last.toISOString() : null,
        callbacks: { pending: row?.pending ?? 0, failed: row?.failed ?? 0 },
      },
    };
  } catch (error) {
    // The reason (host, user) goes to the log, not to an unauthenticated endpoint.
    logger.error(
      `Health check: the database does not answer (${error instanceof Error ? error.message : String(error)})`,
    );
    return { status: 503, body: { ok: false, database: 'unreachable' } };
  }
}
