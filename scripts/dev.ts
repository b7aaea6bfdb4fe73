// `npm run dev -- <command>`: the CLI from the sources (tsx), wired like bin/pliant-sync.js.
import { JOB_COMMANDS } from '../jobs/index.js';
import { main } from '../src/cli.js';

process.exitCode = await main(process.argv, JOB_COMMANDS);
