/**
 * One sync at a time: a PostgreSQL session advisory lock held on a dedicated connection for
 * the whole run. It is released when the run ends or its connection dies (a crash never
 * leaves it behind). A second sync, backfill or scheduled run gets LockHeldError (exit 3)
 * naming who holds the lock since when.
 */
import { hostname } from 'node:os';
import pg from 'pg';

import { LockHeldError } from '../errors.js';

/** 'plsy' + 'sync' as two 32-bit halves: classid and objid in pg_locks. */
const LOCK_CLASS = 0x706c7379;
const LOCK_OBJ = 0x73796e63;

export interface SyncLock {
  release(): Promise<void>;
}

export async function acquireSyncLock(databaseUrl: string, what: string): Promise<SyncLock> {
  const label = `pliant-sync ${what} on ${hostname()} pid ${process.pid}`.slice(0, 63);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: label });
  await client.connect();
  // A dying connection must not crash the process: the run notices at its next commit.
  client.on('error', () => undefined);
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [
      LOCK_CLASS,
      LOCK_OBJ,
    ]);
    if (!rows[0]?.ok) throw new LockHeldError(await describeHolder(client));
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_CLASS, LOCK_OBJ]).catch(() => undefined);
      await client.end().catch(() => undefined);
    },
  };
}

async function describeHolder(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ application_name: string; backend_start: Date; client_addr: string | null }>(
    `SELECT a.application_name, a.backend_start, host(a.client_addr) AS client_addr
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 2`,
    [LOCK_CLASS, LOCK_OBJ],
  );
  const holder = rows[0];
  if (!holder) return 'Another pliant-sync run holds the sync lock (it may just have finished): try again in a moment.';
  const who = holder.application_name || 'an unnamed session';
  const from = holder.client_addr ? ` (database client ${holder.client_addr})` : '';
  return (
    `Another run holds the sync lock: ${who}${from}, since ${holder.backend_start.toISOString()}. ` +
    'Wait for it to finish (see `pliant-sync status`), or stop that process; its lock ends with it.'
  );
}
