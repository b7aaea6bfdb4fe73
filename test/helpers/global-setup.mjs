// Once per `jest` run, on a server: one database migrated by the built CLI (`npm test` builds it
// first), the template every test file's database is copied from (`CREATE DATABASE … TEMPLATE`),
// so each file pays a file copy instead of every migration (graphile-worker's tests do the same).
// Plain JS: jest loads global setup outside its module mapping. Without a server, or without a
// build, there is no template and createTestDatabase migrates each database itself.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const TEMPLATE_VARIABLE = 'PLIANT_TEST_TEMPLATE_DB';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup() {
  if (process.env.TEST_DATABASE === 'embedded' || !existsSync(join(root, 'dist', 'src', 'cli.js'))) return;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch {
    return; // no server: the tests run on the embedded database (test/helpers/target.ts)
  }
  const name = `pliant_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + name;
  const migrate = spawnSync(process.execPath, [join(root, 'bin', 'pliant-sync.js'), 'migrate'], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: url.toString(), LOG_LEVEL: 'error' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`migrating the template database failed: ${migrate.stderr}`);
  // Test workers start after this and inherit the environment.
  process.env[TEMPLATE_VARIABLE] = name;
}
