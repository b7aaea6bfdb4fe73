// Runs one measurement in a child process of its own, so its CPU time and peak RSS
// (process.resourceUsage().maxRSS) are the measurement's alone. The task module exports
// `task(args)`; the child sends back its result with its resource use over IPC.
import { fork, type Serializable } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildUsage {
  /** Peak resident set size of the child process, MB. */
  peakRssMb: number;
  /** User + system CPU of the child while the task ran, seconds. */
  cpuSeconds: number;
}

const MAIN = fileURLToPath(new URL('./child-main.ts', import.meta.url));

export function runInChild<T>(taskModule: string, args: unknown): Promise<T & ChildUsage> {
  return new Promise((resolve, reject) => {
    const child = fork(MAIN, [taskModule], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const kill = (): void => void child.kill('SIGKILL');
    process.once('exit', kill);
    let answer: { ok: true; value: T & ChildUsage } | { ok: false; error: string } | undefined;
    child.on('message', (m) => (answer = m as typeof answer));
    child.once('error', reject);
    child.send(args as Serializable);
    child.once('exit', (code) => {
      process.off('exit', kill);
      if (answer?.ok) resolve(answer.value);
      else reject(new Error(`${taskModule} failed (exit ${code}): ${answer?.error ?? 'no answer'}`));
    });
  });
}
