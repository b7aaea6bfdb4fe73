import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const BIN = join(packageRoot(), 'bin', 'pliant-sync.js');

/**
 * Runs the built `pliant-sync` (npm test builds dist/ first) in an empty working directory,
 * with only the given variables (plus PATH), so the developer's own .env and shell cannot leak in.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string; timeoutMs?: number; terminal?: boolean; input?: string } = {},
): Promise<CliResult> {
  // script(1) gives the command a pseudo-terminal and, with -e, passes its exit code on; stdout and stderr both reach stdout.
  const argv = options.terminal
    ? ([
        'script',
        ['-qec', [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' '), '/dev/null'],
      ] as const)
    : ([process.execPath, [BIN, ...args]] as const);
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv[1], {
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'pliant-cli-')),
      env: { PATH: process.env.PATH ?? '', ...env },
      // stdin stays /dev/null unless the test gives input (then a pipe that is closed after it).
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export type LiveCli = ChildProcess & { done: Promise<number | null>; output: () => string };
const live: ChildProcess[] = [];

/** Starts the built CLI and leaves it running; `killLiveClis()` in afterAll ends what is left. */
export function spawnCli(args: string[], env: Record<string, string>, options: { cwd?: string } = {}): LiveCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'pliant-cli-')),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.push(child);
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return Object.assign(child, { done, output: () => output });
}

export function killLiveClis(): void {
  for (const child of live) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it holds (errors count as not yet). */
/** The default is long: a busy machine (CI, `stress`) is slow, and a test must still pass there. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
