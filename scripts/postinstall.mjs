#!/usr/bin/env node
// After `npm install`/`npm ci` in a checkout: generate the Prisma client (offline-safe) and
// compile the CLI, so `npx pliant-sync` works right away.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args, what) => {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`pliant-sync postinstall: ${what} failed (exit ${result.status}).`);
    process.exit(result.status ?? 1);
  }
};

run([join(root, 'scripts', 'prisma-generate.mjs')], 'prisma generate');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
if (existsSync(tsc)) run([tsc, '-p', join(root, 'tsconfig.build.json')], 'the TypeScript build');
else
  console.warn(
    'pliant-sync postinstall: typescript is not installed (production install?); using the prebuilt dist/ if present.',
  );
