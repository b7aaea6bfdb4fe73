/**
 * The one database layer: a PostgreSQL server (DATABASE_URL) or the embedded PostgreSQL
 * (PGlite under ./data/pglite). The rest of the code gets a Prisma client, a session for
 * raw SQL, and the run lock from here, and never asks which one it talks to.
 */
import type { PrismaClient } from './prisma.js';

export type DatabaseTarget = { kind: 'server'; url: string } | { kind: 'embedded'; dataDir: string };

/** One connection's worth of raw SQL: `query` takes parameters, `exec` a script of several statements. */
export interface SqlSession {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(script: string): Promise<void>;
}

export interface RunLock {
  release(): Promise<void>;
}

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  /** Where it is, for messages: host:port/database or the data directory (never a password). */
  readonly location: string;
  readonly prisma: PrismaClient;
  /** A session of its own (server: a dedicated connection; embedded: the one connection there is). */
  session<T>(name: string, fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** One sync or backfill at a time; LockHeldError (exit 3) names the holder. */
  acquireRunLock(what: string): Promise<RunLock>;
  close(): Promise<void>;
}

export const EMBEDDED_DATA_DIR = './data/pglite';

export function describeTarget(target: DatabaseTarget): string {
  return target.kind === 'server' ? describeServer(target.url) : `the embedded database in ${target.dataDir}`;
}

/** host:port/database of a connection URL, never its password. */
export function describeServer(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

export interface OpenOptions {
  /** Named in the embedded database's lock file, for the message another process gets. */
  command?: string;
  /** Embedded only: start from an empty database. */
  fresh?: boolean;
}

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === 'server') return (await import('./server.js')).openServer(target.url);
  return (await import('./embedded.js')).openEmbedded(target.dataDir, options);
}
