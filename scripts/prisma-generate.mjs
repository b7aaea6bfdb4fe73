#!/usr/bin/env node
// Runs `prisma generate` on machines without network access to Prisma's binary host.
// `generate` never runs the schema engine but insists on locating it; when no engine was
// downloaded, pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file lets it proceed.
// Connected machines that have the engine keep Prisma's normal path.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const enginesDir = dirname(require.resolve('@prisma/engines/package.json'));
  const hasEngine = readdirSync(enginesDir).some((f) => f.startsWith('schema-engine'));
  if (!hasEngine) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
}
const cli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
if (!existsSync(cli)) {
  console.error(`prisma CLI not found at ${cli}: run npm install`);
  process.exit(1);
}
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
