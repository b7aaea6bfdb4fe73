/**
 * The embedded PostgreSQL (PGlite, WASM) in one data directory: Prisma through
 * pglite-prisma-adapter, raw SQL on its one connection. PGlite serialises every query and
 * transaction of the process itself; the run lock is a flag, the data-directory lock keeps
 * other processes out.
 */
import { rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

import { LockHeldError } from '../errors.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import type { Database, SqlSession } from './database.js';

export const IN_MEMORY = 'memory://';

export interface EmbeddedOptions {
  command?: string;
  /** Start from an empty database: what was in the directory is removed (under the lock). */
  fresh?: boolean;
}

/** The embedded database can also be copied whole, as a tar of its data directory (sql-server's snapshot). */
export interface EmbeddedDatabase extends Database {
  dump(): Promise<Blob>;
}

export async function openEmbedded(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const lock: DataDirLock | null = dataDir.startsWith(IN_MEMORY)
    ? null
    : lockDataDir(dataDir, options.command ?? 'pliant-sync');
  if (lock && options.fresh) rmSync(dataDir, { recursive: true, force: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir);
  } catch (error) {
    lock?.release();
    throw new Error(`The embedded database in ${dataDir} cannot be opened: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return embeddedDatabase(pglite, dataDir, lock);
}

/** Who holds the run lock of each open PGlite (one process, possibly several layers over it). */
const runHolders = new WeakMap<PGlite, string>();

/**
 * Our layer over an open PGlite. `owner`: close() closes PGlite and releases the data-directory
 * lock; a layer that is not the owner (tests open several over one PGlite) closes only its Prisma client.
 */
export function embeddedDatabase(
  pglite: PGlite,
  location: string,
  lock: DataDirLock | null = null,
  owner = true,
): EmbeddedDatabase {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  const session: SqlSession = {
    query: (sql, params) => pglite.query(sql, params) as never,
    exec: async (script) => void (await pglite.exec(script)),
  };
  let closed = false;
  return {
    kind: 'embedded',
    location,
    prisma,
    session: (_name, fn) => fn(session),
    dump: () => pglite.dumpDataDir('none'),
    async acquireRunLock(what) {
      const holder = runHolders.get(pglite);
      if (holder)
        throw new LockHeldError(`Another run holds the sync lock: ${holder} in this process. Wait for it to finish.`);
      runHolders.set(pglite, `pliant-sync ${what} pid ${process.pid}`);
      return { release: async () => void runHolders.delete(pglite) };
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      if (!owner) return;
      await pglite.close();
      lock?.release();
    },
  };
}
