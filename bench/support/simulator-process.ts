// The simulator in a process of its own: the built CLI (`pliant-sync simulator`), its URLs
// read from its banner, its admin endpoints, and a stop that waits for the process to end.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';

export interface SimulatorProcess {
  apiUrl: string;
  tokenUrl: string;
  adminUrl: string;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** Every simulator still running is killed when the bench exits, also on failure. */
process.on('exit', () => running.forEach((c) => c.kill('SIGKILL')));

export async function startSimulatorProcess(args: string[]): Promise<SimulatorProcess> {
  const cli = join(packageRoot(), 'bin', 'pliant-sync.js');
  if (!existsSync(join(packageRoot(), 'dist', 'src', 'cli.js'))) throw new Error('dist/ is missing: run npm run build');
  const child = spawn(process.execPath, ['--max-old-space-size=8192', cli, 'simulator', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const urls = await new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const api = /^\s+API\s+(\S+)/m.exec(out)?.[1];
      const token = /^\s+token URL\s+(\S+)/m.exec(out)?.[1];
      const admin = /^\s+admin\s+(http\S+)/m.exec(out)?.[1];
      if (api && token && admin) resolve({ api, token, admin });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code}) before listening: ${err.slice(-500)}`)));
  });
  child.stdout.resume();
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${urls.admin}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    apiUrl: urls.api!,
    tokenUrl: urls.token!,
    adminUrl: urls.admin!,
    admin,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      running.delete(child);
    },
  };
}
