// Export throughput and peak memory: a scratch database on the local PostgreSQL server with
// ENTRIES generated card payments over one year (one organization, one card account), then an
// export of the whole year to DATEV and to CSV, each in a child process of its own so its peak
// RSS (process.resourceUsage().maxRSS) is the export's alone. Creates and drops its database.
// Run: npx tsx bench/export-memory.ts [entries] [--format datev|csv] [--page entries-per-page]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

import { migrate } from '../src/db/migrate.js';
import { openServer } from '../src/db/server.js';
import { presetSettings, runExport, type ExportFormat } from '../src/export/index.js';
import { createLogger } from '../src/logger.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PERIOD = { from: '2026-01-01', to: '2026-12-31' };
const ORG = '6f1c2a4e-0000-4000-8000-000000000001';

async function query(url: string, sql: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

/** ENTRIES card payments spread over the year, with running balances that reconcile. */
async function fill(url: string, entries: number): Promise<void> {
  await query(
    url,
    `
    INSERT INTO organizations (id, name, status, account_type, country, currency, raw)
      VALUES ($1, 'Bench GmbH', 'ACTIVE', 'CREDIT', 'DE', 'EUR', '{}');
    INSERT INTO cardholders (id, organization_id, first_name, last_name, email, status, raw)
      VALUES ('ch-1', $1, 'Anna', 'Bench', 'anna@example.com', 'ACTIVE', '{}');
    INSERT INTO cards (id, organization_id, cardholder_id, card_config, status, ref_num, platform_fee, raw)
      VALUES ('card-1', $1, 'ch-1', 'PLIANT_VIRTUAL', 'ACTIVE', '1234', false, '{}');
    INSERT INTO transactions (id, organization_id, card_id, cardholder_id, card_account_id, type, status, category,
        billing_amount, billing_currency, transaction_amount, transaction_currency, merchant_name, platform_fee,
        booking_date, created_at, authorized_at, updated_at, raw, first_seen_at, last_changed_at)
      SELECT 'tx-' || i, $1, 'card-1', 'ch-1', 'acct-1', 'PURCHASE', 'BOOKED',
        (ARRAY['COMPUTING_AND_SOFTWARE','FOOD_AND_DRINKS','TRAVEL_AND_ACCOMMODATION','OTHER'])[1 + i % 4],
        -(100 + i % 90000), 'EUR', -(100 + i % 90000), 'EUR',
        (ARRAY['Amazon EU','Bäckerei Körner','Deutsche Bahn','Slack Technologies'])[1 + i % 4], false,
        d, d + time '07:00', d + time '07:00', d + time '09:00', '{}', d + time '09:00', d + time '09:00'
      FROM (SELECT i, (date '2026-01-01' + ((i - 1) * 365 / $2::int))::timestamp AS d FROM generate_series(1, $2::int) i) s;
    INSERT INTO account_entries (id, organization_id, card_account_id, entry_index, type, booking_date, amount, currency,
        balance_after, transaction_type, transaction_id, created_at, updated_at, raw, first_seen_at, last_changed_at)
      SELECT 'e-' || lpad(i::text, 8, '0'), $1, 'acct-1', i, 'TRANSACTION', d::date, -(100 + i % 90000), 'EUR',
        -sum(100 + i % 90000) OVER (ORDER BY i), 'PURCHASE', 'tx-' || i, d + time '09:00', d + time '09:00', '{}',
        d + time '09:00', d + time '09:00'
      FROM (SELECT i, (date '2026-01-01' + ((i - 1) * 365 / $2::int))::timestamp AS d FROM generate_series(1, $2::int) i) s;
    ANALYZE`
      // A multi-statement query takes no parameters: both are inlined (a constant id and a number).
      .replaceAll('$1', `'${ORG}'`)
      .replaceAll('$2', String(Math.trunc(entries))),
  );
}

async function child(url: string, format: ExportFormat, pageSize?: number): Promise<void> {
  const database = openServer(url);
  const out = mkdtempSync(join(tmpdir(), 'export-bench-'));
  try {
    const t0 = performance.now();
    const result = await runExport(database.prisma, {
      format,
      period: PERIOD,
      mode: 'all',
      settings: presetSettings('SKR03'),
      timeZone: 'Europe/Berlin',
      out,
      logger: createLogger({ level: 'warn' }),
      ...(pageSize ? { pageSize } : {}),
    });
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      JSON.stringify({
        format,
        entries: result.summary.entries.inPeriod,
        lines: result.summary.lines,
        files: result.files.length,
        bytes: result.files.reduce((n, f) => n + f.batch.sizeBytes, 0),
        seconds,
        maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }) + '\n',
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
    await database.close();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args[1]!, args[2] as ExportFormat, Number(args[3]) || undefined);
  const entries = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const formatAt = args.indexOf('--format');
  const formats: ExportFormat[] = formatAt >= 0 ? [args[formatAt + 1] as ExportFormat] : ['datev', 'csv'];
  const pageAt = args.indexOf('--page');
  const page = pageAt >= 0 ? args[pageAt + 1]! : '';
  const name = `pliant_bench_export_${randomBytes(4).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = '/' + name;
  await query(ADMIN_URL, `CREATE DATABASE "${name}"`);
  try {
    const database = openServer(url.toString());
    await migrate(database, createLogger({ level: 'warn' }));
    await database.close();
    await fill(url.toString(), entries);
    const rows: Record<string, unknown>[] = [];
    for (const format of formats) {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', url.toString(), format, page],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (run.status !== 0) throw new Error(`${format} export failed:\n${run.stdout}${run.stderr}`);
      const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
      rows.push({
        ...r,
        seconds: Number(r.seconds).toFixed(2),
        'entries/s': Math.round(Number(r.entries) / Number(r.seconds)),
        'lines/s': Math.round(Number(r.lines) / Number(r.seconds)),
      });
    }
    console.table(rows);
  } finally {
    await query(ADMIN_URL, `DROP DATABASE "${name}" WITH (FORCE)`);
  }
}

await main();
