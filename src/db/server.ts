/** A PostgreSQL server: Prisma over node-postgres, sessions on connections of their own, advisory locks. */
import pg from 'pg';

import { acquireSyncLock } from '../sync/lock.js';
import { describeServer, type Database } from './database.js';
import { createPrisma } from './prisma.js';

export function openServer(url: string): Database {
  const prisma = createPrisma(url);
  return {
    kind: 'server',
    location: describeServer(url),
    prisma,
    async session(name, fn) {
      const client = new pg.Client({ connectionString: url, application_name: `pliant-sync ${name}`.slice(0, 63) });
      await client.connect();
      // A dying connection must not crash the process: the next query on it fails instead.
      client.on('error', () => undefined);
      try {
        return await fn({
          query: (sql, params) => client.query(sql, params as unknown[]) as never,
          exec: async (script) => void (await client.query(script)),
        });
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    acquireRunLock: (what) => acquireSyncLock(url, what),
    close: () => prisma.$disconnect(),
  };
}
