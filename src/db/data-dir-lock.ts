/**
 * PGlite is one process's database: two processes on one data directory would corrupt it.
 * A lock file beside the data directory, created exclusively before PGlite opens it, names
 * the holder; a second process gets LockHeldError (exit 3) naming the holder's pid and
 * command. A lock left by a process that died (no such pid on this host) is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

import { LockHeldError } from '../errors.js';

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

export const lockFileOf = (dataDir: string): string => `${dataDir.replace(/[/\\]+$/, '')}.lock`;

export function lockDataDir(dataDir: string, command: string): DataDirLock {
  const file = lockFileOf(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  const me: Holder = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt += 1) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(me) + '\n');
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (attempt < 2 && (holder === null || !isAlive(holder))) {
        // Left by a process that is gone (or half-written by one that died): take it over.
        unlinkSync(file);
        continue;
      }
      throw new LockHeldError(
        holder
          ? `The embedded database ${dataDir} is in use by pid ${holder.pid} (${holder.command}, on ${holder.host} since ${holder.since}). ` +
              'Wait for it to finish or stop it; to run several processes at once, use a PostgreSQL server (DATABASE_URL).'
          : `The embedded database ${dataDir} is in use by another process (${file}).`,
      );
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readHolder(file)?.pid === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  // Also when the process ends without closing the database (an uncaught error).
  process.on('exit', release);
  return { release };
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Holder;
    return typeof parsed.pid === 'number' ? parsed : null;
  } catch {
    return null;
  }
}

function isAlive(holder: Holder): boolean {
  // A pid on another host (a shared volume) cannot be checked: assume it is alive.
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
