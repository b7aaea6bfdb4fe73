/** Entry point of the `pliant-sync` command. */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import { EXIT, exitCodeOf, toError } from './errors.js';
import { redactText } from './redact.js';

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return EXIT.ok;
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

const code = await main();
// Let pending stdout writes drain before exiting.
process.exitCode = code;
