/** A start-up check: the database answers, or the command stops naming it and the fix. */
import type { PrismaClient } from './prisma.js';
import { StartError } from '../errors.js';

/** host:port/database of a connection URL, never its password. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export async function ensureReachable(db: PrismaClient, url: string): Promise<void> {
  try {
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n').filter((l) => l.trim()).at(-1) : String(error);
    throw new StartError(
      `The database at ${describeDatabase(url)} does not answer (${detail}). Start PostgreSQL there, or point DATABASE_URL at the mirror, then run \`pliant-sync migrate\`.`,
    );
  }
}
