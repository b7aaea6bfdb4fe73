/** A start-up check: the database answers, or the command stops naming it and the fix. */
import { StartError } from '../errors.js';
import type { Database } from './database.js';

export async function ensureReachable(db: Database): Promise<void> {
  try {
    await db.prisma.$queryRaw`SELECT 1`;
  } catch (error) {
    const detail =
      error instanceof Error
        ? error.message
            .split('\n')
            .filter((l) => l.trim())
            .at(-1)
        : String(error);
    throw new StartError(
      `The database at ${db.location} does not answer (${detail}). Start PostgreSQL there, or point DATABASE_URL at the mirror, then run \`pliant-sync migrate\`.`,
    );
  }
}
