/**
 * Which database the tests run on: TEST_DATABASE=server (PostgreSQL at TEST_DATABASE_URL) or
 * embedded (PGlite in memory, one per test file). Unset: the server when one answers, else
 * embedded, so `npm test` passes on a machine without PostgreSQL. Tests that need a server
 * (several processes on one database, login roles, CREATE DATABASE) skip there, saying why.
 */
import { spawnSync } from 'node:child_process';
import { describe } from '@jest/globals';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

function serverAnswers(url: string): boolean {
  const { hostname, port } = new URL(url);
  // Synchronous, at module load: a TCP connect in a child process, half a second at most.
  const probe = `require('net').connect(${Number(port || 5432)}, ${JSON.stringify(hostname)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1)); setTimeout(() => process.exit(1), 500);`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 2000 }).status === 0;
}

const chosen = process.env.TEST_DATABASE;
if (chosen !== undefined && chosen !== 'server' && chosen !== 'embedded')
  throw new Error(`TEST_DATABASE must be server or embedded, not "${chosen}"`);

export const TEST_TARGET: 'server' | 'embedded' =
  (chosen as 'server' | 'embedded' | undefined) ?? (serverAnswers(ADMIN_URL) ? 'server' : 'embedded');

const told = new Set<string>();

/** `describe` on a server; on the embedded database the block is skipped and the reason printed once. */
export function describeOnServer(reason: string): typeof describe | typeof describe.skip {
  if (TEST_TARGET === 'server') return describe;
  if (!told.has(reason)) {
    told.add(reason);
    process.stdout.write(`skipped on the embedded database (${reason}): ${expect.getState().testPath ?? ''}\n`);
  }
  return describe.skip;
}
