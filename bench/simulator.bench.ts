// Simulator at scale: generate ≈ 1 M account entries (with their transactions
// and receipts), report time and memory, then time a few pages over HTTP.
// Run: npx tsx bench/simulator.bench.ts [entries]
import { startSimulator } from '../src/simulator/index.js';

const TARGET = Number(process.argv[2] ?? 1_000_000);
const GOAL_SECONDS = 30; // "well under a minute"
const PAGE_GOAL_MS = 200; // a page of 1000, once the sorted index exists

const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const v = await fn();
  console.log(`  ${label.padEnd(62)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
  return v;
}

async function main(): Promise<void> {
  globalThis.gc?.();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const sim = await startSimulator({
    seed: 1,
    orgs: 6,
    days: 365,
    now: '2025-06-01T00:00:00Z',
    entriesTarget: TARGET,
    rateLimit: { requests: 1_000_000, windowSeconds: 300 },
  });
  const seconds = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  const mem = process.memoryUsage();
  const w = sim.world;
  const tables = w.entries.bytes() + w.transactions.bytes() + w.receipts.bytes();
  console.log(
    `generated ${w.entries.length} entries, ${w.transactions.length} transactions, ${w.receipts.length} receipts, ${w.payments.length} bill payments`,
  );
  console.log(`  time ${seconds.toFixed(2)} s (goal < ${GOAL_SECONDS} s)`);
  console.log(
    `  heap used ${mb(mem.heapUsed - base.heapUsed)} more, rss ${mb(mem.rss)}, array buffers ${mb(mem.arrayBuffers)}, column stores ${mb(tables)}`,
  );
  console.log(`  ${(mem.arrayBuffers / w.entries.length).toFixed(0)} bytes of typed arrays per entry`);

  const tok = (
    (await (
      await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          client_id: 'simulator',
          client_secret: 'simulator',
          audience: 'simulator',
          grant_type: 'client_credentials',
        }),
      })
    ).json()) as { access_token: string }
  ).access_token;
  const h = { authorization: `Bearer ${tok}`, 'pliant-api-version': '2.1.0' };
  const org = sim.summary().organizations.sort((a, b) => b.entries - a.entries)[0]!;
  const page = async (path: string): Promise<number> => {
    const res = await fetch(`${sim.apiUrl}${path}`, { headers: h });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
    return body.length;
  };
  console.log(`pages (largest organization: ${org.entries} entries)`);
  const q = `/account-entries?organizationId=${org.organizationId}`;
  const deep = Math.floor(org.entries / 1000) - 1;
  const times: number[] = [];
  const measure = async (label: string, path: string): Promise<void> => {
    const t = performance.now();
    await timed(label, () => page(path));
    times.push(performance.now() - t);
  };
  await measure('entries, index ASC, page 0, limit 1000', `${q}&sortBy=index&sortDirection=ASC&limit=1000`);
  await measure(
    `entries, index ASC, page ${deep}, limit 1000`,
    `${q}&sortBy=index&sortDirection=ASC&limit=1000&page=${deep}`,
  );
  await measure('entries, newest first, limit 100', q);
  await measure(
    'entries, createdAt May 2025, index ASC (binary search)',
    `${q}&dateField=createdAt&fromDate=2025-05-01&toDate=2025-05-31&sortBy=index&sortDirection=ASC&limit=1000`,
  );
  await timed('entries, bookingDate May 2025, index ASC (first: builds index)', () =>
    page(`${q}&fromDate=2025-05-01&toDate=2025-05-31&sortBy=index&sortDirection=ASC&limit=1000`),
  );
  await measure(
    '  same query, page 5 (cached)',
    `${q}&fromDate=2025-05-01&toDate=2025-05-31&sortBy=index&sortDirection=ASC&limit=1000&page=5`,
  );
  await measure('entries, bookingDate sort, page 300', `${q}&sortBy=bookingDate&sortDirection=ASC&limit=1000&page=300`);
  await timed('transactions, all orgs, updatedAt May 2025 (first)', () =>
    page(`/transactions?dateField=updatedAt&fromDate=2025-05-01&toDate=2025-05-31&limit=1000`),
  );
  const ids = Array.from({ length: 100 }, (_, i) =>
    w.transactionId(Math.floor((i * w.transactions.length) / 100)),
  ).join(',');
  await measure('transactions by 100 ids', `/transactions?transactionIds=${ids}`);
  await measure('receipt file', `/receipts/${w.receiptId(12345 % w.receipts.length)}/original`);
  const worst = Math.max(...times);
  console.log(`  slowest steady-state page ${worst.toFixed(1)} ms (goal < ${PAGE_GOAL_MS} ms)`);
  await timed('advance one day', async () => sim.advance(1));
  await sim.close();
  const ok = seconds < GOAL_SECONDS && worst < PAGE_GOAL_MS;
  console.log(ok ? 'OK: within goals' : 'MISSED a goal');
  process.exitCode = ok ? 0 : 1;
}

void main();
