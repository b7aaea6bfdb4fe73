/**
 * `sql-server`: the embedded database on the PostgreSQL wire protocol, for psql and BI tools.
 * It serves a snapshot: the data directory is copied into memory under its lock (after the
 * schema is brought up to date), then released, so the daily sync keeps running while tools
 * read. Writes are refused (default_transaction_read_only), and whatever a client changes
 * anyway lives only in the in-memory copy: the mirror itself cannot be changed from here.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

import { StartError } from '../errors.js';
import type { Logger } from '../logger.js';
import { openEmbedded } from './embedded.js';
import { migrate } from './migrate.js';

export interface ServeOptions {
  dataDir: string;
  port: number;
  host?: string;
  logger: Logger;
  /** What to tell a user whose data directory is empty. */
  whenMissing: string;
}

export interface RunningSqlServer {
  port: number;
  host: string;
  snapshotAt: Date;
  close(): Promise<void>;
}

export async function serveReadOnly(options: ServeOptions): Promise<RunningSqlServer> {
  const host = options.host ?? '127.0.0.1';
  if (!existsSync(join(options.dataDir, 'PG_VERSION')))
    throw new StartError(`There is no embedded database in ${options.dataDir} yet: ${options.whenMissing}`);
  const source = await openEmbedded(options.dataDir, { command: 'pliant-sync sql-server (taking a snapshot)' });
  let tar: Blob;
  try {
    await migrate(source, options.logger);
    tar = await source.dump();
  } finally {
    await source.close();
  }
  const snapshotAt = new Date();
  const db = await PGlite.create({ loadDataDir: tar });
  await db.exec(
    `ALTER DATABASE postgres SET default_transaction_read_only = on; SET default_transaction_read_only = on;`,
  );
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: 16 });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === 'EADDRINUSE' ? `${options.port} is already in use by another process` : (error as Error).message;
    throw new StartError(
      `SQL_PORT: ${problem}. Stop that process, or pass --port (or set SQL_PORT) to a free port, for example --port 5434.`,
    );
  }
  return {
    port: options.port,
    host,
    snapshotAt,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
