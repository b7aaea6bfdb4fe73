/** What `demo` prints when it is done: what it did, where the files are, and SQL to try. */
import { relative } from 'node:path';

import { renderTable } from '../cli/output.js';
import type { DemoResult } from './run-demo.js';

export const DEMO_QUERIES = [
  {
    what: 'spend per month and category',
    sql: 'SELECT month, category, currency, entries, amount_major FROM monthly_totals ORDER BY month DESC, amount_major LIMIT 10;',
  },
  {
    what: 'receipts still missing, oldest first',
    sql: 'SELECT booking_date, merchant_name, amount_major, currency, cardholder_name, days_outstanding FROM missing_receipts ORDER BY days_outstanding DESC LIMIT 10;',
  },
  {
    what: 'card spend per cardholder',
    sql: "SELECT cardholder_name, count(*) AS entries, sum(amount_major) AS total, currency FROM booked_entries WHERE type = 'TRANSACTION' GROUP BY cardholder_name, currency ORDER BY total LIMIT 10;",
  },
];

const show = (path: string, cwd: string): string => {
  const r = relative(cwd, path);
  return r === '' ? '.' : r.startsWith('..') ? path : `./${r}`;
};

export function renderDemo(result: DemoResult, cwd: string, sqlPort: number): string {
  const r = result.rows;
  const n = (k: string): string => (r[k] ?? 0).toLocaleString('en-US');
  const out: string[] = [
    `pliant-sync demo: ${result.run.status} in ${result.seconds.toFixed(1)} s`,
    '',
    `Synced from the bundled Pliant simulator (history up to ${result.simulatorNow.slice(0, 10)}), ${result.run.totals.requests.toLocaleString('en-US')} API requests:`,
    `  ${n('organizations')} organizations, ${n('cardholders')} cardholders, ${n('cards')} cards, ${n('account_entries')} account entries,`,
    `  ${n('transactions')} transactions, ${n('bill_payments')} bill payments, ${n('receipts')} receipts (${result.run.totals.filesDownloaded} files; ${n('missing_receipts')} purchases still lack one)`,
    ...result.organizations.map((o) => `  · ${o.name} (${o.id})`),
  ];
  const files = result.exports.flatMap((e) => e.batches.map((b) => ({ format: e.format, b })));
  if (files.length > 0) {
    const period = result.exports[0]!.period;
    out.push('', `Exported the entries booked ${period.from} – ${period.to} (the last full month):`);
    out.push(
      renderTable(
        ['format', 'file', 'entries', 'lines'],
        files.map(({ format, b }) => [format, show(b.path ?? b.fileName, cwd), b.entries, b.lines]),
      ).replace(/^/gm, '  '),
    );
    const rec = result.exports[0]!.reconciliation;
    const agree = rec.filter((x) => x.agrees).length;
    out.push(
      '',
      `Reconciliation: ${agree} of ${rec.length} card accounts agree (balance change in the mirror = exported entries):`,
    );
    out.push(
      renderTable(
        ['organization', 'currency', 'entries', 'balance change', 'exported', 'agrees'],
        rec.map((x) => [x.organizationId, x.currency, x.entries, x.balanceChange, x.exported, x.agrees ? 'yes' : 'NO']),
      ).replace(/^/gm, '  '),
    );
  }
  out.push(
    '',
    'Where to look:',
    `  ${show(result.paths.out, cwd).padEnd(22)} the journal files: DATEV EXTF (import into DATEV), CSV, hledger`,
    `  ${show(result.paths.database, cwd).padEnd(22)} the embedded PostgreSQL database with the mirror`,
    `  ${show(result.paths.receipts, cwd).padEnd(22)} the receipt files, named by content`,
    '',
    'Query it with SQL: serve the demo database, then use psql or any PostgreSQL tool:',
    `  npx pliant-sync sql-server --demo`,
    `  psql -h 127.0.0.1 -p ${sqlPort} -U postgres postgres`,
    ...DEMO_QUERIES.flatMap((q, i) => [`  -- ${i + 1}. ${q.what}`, `  ${q.sql}`]),
    '',
    'Against your own Pliant account: see the README, "Production set-up".',
  );
  return out.join('\n');
}
