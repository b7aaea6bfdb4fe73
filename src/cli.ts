/**
 * The `pliant-sync` command's main(): the one place that decides the exit code. The entry
 * point (bin/pliant-sync.js) calls it with the commands of jobs/.
 */
import { CommanderError } from 'commander';

import { outcomeOf } from './cli/outcome.js';
import { buildProgram, type CommandFactory } from './cli/program.js';
import { EXIT, exitCodeOf, toError } from './errors.js';
import { redactText } from './redact.js';

export async function main(argv: string[] = process.argv, jobs: readonly CommandFactory[] = []): Promise<number> {
  try {
    const program = buildProgram(process.env, jobs);
    await program.parseAsync(argv);
    const outcome = outcomeOf(program);
    if (outcome.ok) return EXIT.ok;
    process.stderr.write(`pliant-sync: ${redactText(outcome.reason)}\n`);
    return EXIT.failure;
  } catch (thrown) {
    if (thrown instanceof CommanderError) {
      // Help and version "errors" are normal exits; the rest is bad usage (already printed).
      return thrown.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = toError(thrown);
    process.stderr.write(`pliant-sync: ${redactText(error.message)}\n`);
    return exitCodeOf(error);
  }
}
