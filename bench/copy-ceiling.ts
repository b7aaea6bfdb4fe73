// The COPY ceiling: the rows the first sync wrote (account entries and transactions), dumped
// to a temp file untimed, then timed as pg's COPY FROM STDIN into unlogged tables of the same
// columns: once with the primary key only (the ceiling of issue 13), once with the mirror's
// indexes too (what our sync writes into).
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface CopyRate {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export interface CopyResult {
  primaryKeyOnly: CopyRate;
  withIndexes: CopyRate;
}

const TABLES = ['account_entries', 'transactions'];

async function load(client: pg.Client, dir: string, shape: (t: string) => string): Promise<CopyRate> {
  for (const t of TABLES) await client.query(`CREATE UNLOGGED TABLE copy_${t} ${shape(t)}`);
  let rows = 0;
  const t0 = performance.now();
  for (const t of TABLES) {
    const into = client.query(copyFrom(`COPY copy_${t} FROM STDIN`));
    await pipeline(createReadStream(join(dir, t), { highWaterMark: 1 << 20 }), into);
    rows += into.rowCount ?? 0;
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const t of TABLES) await client.query(`DROP TABLE copy_${t}`);
  return { rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

export async function measureCopy(databaseUrl: string): Promise<CopyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pliant-bench-copy-'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const t of TABLES) {
      await pipeline(client.query(copyTo(`COPY ${t} TO STDOUT`)), createWriteStream(join(dir, t)));
    }
    const primaryKeyOnly = await load(client, dir, (t) => `(LIKE ${t} INCLUDING DEFAULTS, PRIMARY KEY (id))`);
    const withIndexes = await load(client, dir, (t) => `(LIKE ${t} INCLUDING ALL)`);
    return { primaryKeyOnly, withIndexes };
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
