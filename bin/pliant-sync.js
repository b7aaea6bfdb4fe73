#!/usr/bin/env node
// The entry point: the compiled CLI (npm install builds it; `npm run build` after changing the
// sources) with the commands of jobs/ wired in. main() decides the exit code.
const load = async () => Promise.all([import('../dist/src/cli.js'), import('../dist/jobs/index.js')]);
load().then(
  async ([{ main }, { JOB_COMMANDS }]) => {
    // Not process.exit(): pending stdout writes drain before the process ends.
    process.exitCode = await main(process.argv, JOB_COMMANDS);
  },
  (error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/')) {
      process.stderr.write('pliant-sync is not built yet: run `npm install` (or `npm run build`) in its directory.\n');
      process.exit(1);
    }
    throw error;
  },
);
