/** The scheduled jobs' commands, for the entry point to add to the CLI. */
import type { CommandFactory } from '../src/cli/program.js';
import { workerCommand } from './worker-command.js';

export const JOB_COMMANDS: readonly CommandFactory[] = [workerCommand];
