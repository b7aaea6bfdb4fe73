#!/usr/bin/env node
// The compiled CLI (npm install builds it; `npm run build` after changing the sources).
import('../dist/src/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli.js')) {
    process.stderr.write('pliant-sync is not built yet: run `npm install` (or `npm run build`) in its directory.\n');
    process.exit(1);
  }
  throw error;
});
