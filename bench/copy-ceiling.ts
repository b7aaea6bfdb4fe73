// The COPY ceiling: the rows the first sync wrote (account entries and transactions), dumped
// to a temp file untimed, then timed as pg's COPY FROM STDIN into unlogged tables of the same
// shape (same columns, primary key and indexes).
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface CopyResult {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

const TABLES = ['account_entries', 'transactions'];

export async function measureCopy(databaseUrl: string): Promise<CopyResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pliant-bench-copy-'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const t of TABLES) {
      await pipeline(client.query(copyTo(`COPY ${t} TO STDOUT`)), createWriteStream(join(dir, t)));
      await client.query(`CREATE UNLOGGED TABLE copy_${t} (LIKE ${t} INCLUDING ALL)`);
    }
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
  } finally {
    await client.end();
    rmSync(dir, { recursive: true, force: true });
  }
}
