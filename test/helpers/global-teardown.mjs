import pg from 'pg';

import { ADMIN_URL, TEMPLATE_VARIABLE } from './global-setup.mjs';

export default async function globalTeardown() {
  const name = process.env[TEMPLATE_VARIABLE];
  if (!name) return;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
