/**
 * Files that are not what Pliant declares, too large, or not downloadable: recorded on the
 * receipt's row, kept out of the store, and no failure of the run. A scripted API server
 * plays Pliant (the simulator always serves honest files).
 */
import type { PrismaClient } from '../../src/db/prisma.js';
import { checkTransactions } from '../../src/receipts/check-transactions.js';
import { RECEIPTS_TABLE } from '../../src/receipts/rows.js';
import { upsertRows } from '../../src/sync/table-writer.js';
import { createTestDatabase, prismaFor, withClient, type TestDatabase } from '../helpers/db.js';
import { FakeApiServer } from '../helpers/fake-api-server.js';
import { quietLogger } from '../helpers/logs.js';
import { makeClient } from '../pliant/support.js';
import { receiptOptions, removeTempStores, tempStore } from './support.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');

let fake: FakeApiServer;
let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  fake = await FakeApiServer.start();
  db = await createTestDatabase({ migrated: true });
  prisma = prismaFor(db.url);
});
afterAll(async () => {
  await fake.close();
  await prisma.$disconnect();
  await db.drop();
  removeTempStores();
});

const receipt = (id: string, mimeType: string) => ({
  receiptId: id,
  transactionId: 'tx-1',
  createdAt: '2026-06-01T10:00:00Z',
  fileName: `../../${id}.pdf`,
  mimeType,
});

it('records files that are not the declared type, too large or not downloadable, and stores only the good ones', async () => {
  fake.route('GET', '/api/receipts', {
    json: {
      data: [
        receipt('r-good', 'PDF'),
        receipt('r-png-as-pdf', 'PDF'),
        receipt('r-html', 'JPG'),
        receipt('r-big', 'PNG'),
        receipt('r-gone', 'PDF'),
        receipt('r-heic', 'HEIC'),
      ],
      hasNextPage: false,
    },
  });
  fake.route('GET', '/api/receipts/r-good/original', { body: PDF, headers: { 'content-type': 'application/pdf' } });
  fake.route('GET', '/api/receipts/r-png-as-pdf/original', {
    body: PNG,
    headers: { 'content-type': 'application/pdf' },
  });
  fake.route('GET', '/api/receipts/r-html/original', {
    body: '<html>maintenance</html>',
    headers: { 'content-type': 'image/jpeg' },
  });
  fake.route('GET', '/api/receipts/r-big/original', {
    body: Buffer.concat([PNG, Buffer.alloc(5000)]),
    headers: { 'content-type': 'image/png' },
  });
  fake.route('GET', '/api/receipts/r-gone/original', {
    status: 404,
    json: { code: 'NOT_FOUND', message: 'receipt not found' },
  });
  fake.route('GET', '/api/receipts/r-heic/original', {
    body: Buffer.from('....ftypheic'),
    headers: { 'content-type': 'image/heic' },
  });

  const { client } = makeClient(fake, { retry: { maxAttempts: 1 } });
  const store = tempStore();
  const stats = { requests: 0, retries: 0 };
  const result = await checkTransactions(
    { client, db: prisma, receipts: receiptOptions(store, { maxBytes: 1000 }), logger: quietLogger(), stats },
    'org-1',
    ['tx-1'],
  );
  await prisma.$transaction((tx) => upsertRows(tx, RECEIPTS_TABLE, result.rows));
  expect(result.downloads.files).toBe(5);

  const rows = await withClient(db.url, async (c) =>
    Object.fromEntries(
      (
        await c.query<{ id: string; storage_key: string | null; problem: string | null; fetched_at: Date | null }>(
          'SELECT id, storage_key, problem, fetched_at FROM receipts',
        )
      ).rows.map((r) => [
        r.id,
        { stored: r.storage_key !== null, problem: r.problem, fetched: r.fetched_at !== null, key: r.storage_key },
      ]),
    ),
  );
  expect(rows['r-good']).toMatchObject({ stored: true, problem: null, fetched: true });
  expect(rows['r-good']!.key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.pdf$/);
  expect(rows['r-png-as-pdf']).toMatchObject({
    stored: false,
    problem: 'not the declared type: declared PDF, but the bytes are a PNG file',
    fetched: true,
  });
  expect(rows['r-html']).toMatchObject({
    stored: false,
    problem:
      'not the declared type: declared JPG, but the bytes are no PDF, PNG or JPEG (it starts with 3c 68 74 6d 6c 3e 6d 61)',
  });
  expect(rows['r-big']!.problem).toMatch(/^too large: 5012 bytes, over RECEIPTS_MAX_BYTES=1000; raise it/);
  expect(rows['r-gone']).toMatchObject({ stored: false, fetched: false });
  expect(rows['r-gone']!.problem).toMatch(/^download failed: Pliant answered HTTP 404.*the next run tries again$/);
  // A type this version does not know is kept as it came.
  expect(rows['r-heic']).toMatchObject({ stored: true, problem: null });
  expect(rows['r-heic']!.key).toMatch(/\.bin$/);

  // Next time: only the failed download is tried again.
  const before = fake.apiRequests().length;
  const again = await checkTransactions(
    { client, db: prisma, receipts: receiptOptions(store, { maxBytes: 1000 }), logger: quietLogger(), stats },
    'org-1',
    ['tx-1'],
  );
  expect(
    fake
      .apiRequests()
      .slice(before)
      .map((r) => r.path),
  ).toEqual(['/api/receipts', '/api/receipts/r-gone/original']);
  expect(again.downloads.files).toBe(0);
});
