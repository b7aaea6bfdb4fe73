import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { PliantContractError } from '../../src/pliant/index.js';
import { FakeApiServer } from '../helpers/fake-api-server.js';
import { accountEntry, collect, listReply, makeClient, ORG, rejectionOf } from './support.js';

const ENTRIES = '/api/account-entries';
const entries = (from: number, count: number) => Array.from({ length: count }, (_, i) => accountEntry(from + i));

let server: FakeApiServer;
beforeEach(async () => {
  server = await FakeApiServer.start();
});
afterEach(async () => {
  await server.close();
});

describe('paging', () => {
  it('sends page, limit, sortBy and sortDirection, and stops on hasNextPage: false', async () => {
    server.route('GET', ENTRIES, (r) => {
      const page = Number(r.query.get('page'));
      return listReply(entries(page * 2, 2), page < 2);
    });
    const { client } = makeClient(server);
    const pages = await collect(
      client.accountEntries({
        organizationId: ORG,
        limit: 2,
        fromDate: '2025-05-01',
        toDate: '2025-05-31',
        dateField: 'createdAt',
      }),
    );

    expect(pages.map((p) => [p.page, p.records.length, p.hasNextPage])).toEqual([
      [0, 2, true],
      [1, 2, true],
      [2, 2, false],
    ]);
    expect(pages.flatMap((p) => p.records.map((r) => r.index))).toEqual([0, 1, 2, 3, 4, 5]);
    const queries = server.apiRequests().map((r) => Object.fromEntries(r.query));
    expect(queries[1]).toEqual({
      organizationId: ORG,
      fromDate: '2025-05-01',
      toDate: '2025-05-31',
      dateField: 'createdAt',
      sortBy: 'index',
      sortDirection: 'ASC',
      limit: '2',
      page: '1',
    });
    expect(queries.map((q) => q.page)).toEqual(['0', '1', '2']);
  });

  it('stops on a short page even when hasNextPage says true', async () => {
    server.route('GET', ENTRIES, (r) =>
      r.query.get('page') === '0' ? listReply(entries(0, 3), true) : listReply(entries(3, 2), true),
    );
    const { client } = makeClient(server);
    const pages = await collect(client.accountEntries({ organizationId: ORG, limit: 3 }));
    expect(pages.map((p) => [p.records.length, p.hasNextPage])).toEqual([
      [3, true],
      [2, false],
    ]);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('stops on an empty page', async () => {
    server.route('GET', ENTRIES, (r) =>
      r.query.get('page') === '0' ? listReply(entries(0, 2), true) : listReply([], true),
    );
    const { client } = makeClient(server);
    const pages = await collect(client.accountEntries({ organizationId: ORG, limit: 2 }));
    expect(pages.map((p) => p.records.length)).toEqual([2, 0]);
    expect(pages.at(-1)?.hasNextPage).toBe(false);
    expect(server.apiRequests()).toHaveLength(2);
  });

  it('keeps going when hasNextPage is missing but the page is full', async () => {
    server.route('GET', ENTRIES, (r) =>
      r.query.get('page') === '0' ? { json: { data: entries(0, 2) } } : { json: { data: entries(2, 1) } },
    );
    const { client } = makeClient(server);
    const pages = await collect(client.accountEntries({ organizationId: ORG, limit: 2 }));
    expect(pages.map((p) => p.records.length)).toEqual([2, 1]);
  });

  it('takes a bare JSON array as the records (the envelope is only our assumption)', async () => {
    server.route('GET', ENTRIES, (r) => ({ json: r.query.get('page') === '0' ? entries(0, 2) : entries(2, 1) }));
    const { client } = makeClient(server);
    const pages = await collect(client.accountEntries({ organizationId: ORG, limit: 2 }));
    expect(pages.map((p) => p.records.map((e) => e.index))).toEqual([[0, 1], [2]]);
  });

  it('treats 204 as an empty list', async () => {
    server.route('GET', '/api/cards', { status: 204 });
    const { client } = makeClient(server);
    const pages = await collect(client.cards({ organizationId: ORG }));
    expect(pages).toEqual([{ page: 0, records: [], hasNextPage: false }]);
  });

  it('raises a clear error at the page ceiling against a server that never stops', async () => {
    server.route('GET', ENTRIES, (r) => listReply(entries(Number(r.query.get('page')) * 2, 2), true));
    const { client } = makeClient(server, { maxPages: 4 });
    const seen: number[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const page of client.accountEntries({ organizationId: ORG, limit: 2 })) seen.push(page.page);
      })(),
    );
    expect(error).toBeInstanceOf(PliantContractError);
    expect(error).toMatchObject({ endpoint: '/account-entries', field: 'hasNextPage' });
    expect((error as Error).message).toMatch(/after 4 full pages .*maxPages/);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(server.apiRequests()).toHaveLength(4);
  });

  it('rejects a page size above 1000 before any request', () => {
    const { client } = makeClient(server);
    expect(() => client.cards({ organizationId: ORG, limit: 1001 })).toThrow(/limit must be an integer from 1 to 1000/);
  });
});

describe('list methods', () => {
  it('default to the largest page size and ascending stable sorts', async () => {
    server.route('GET', '/api/organizations', listReply([{ organizationId: ORG }], false));
    server.route('GET', '/api/cardholders', listReply([{ cardholderId: 'ch-1' }], false));
    server.route('GET', '/api/receipts', listReply([{ receiptId: 'r-1', transactionId: 'tx-1' }], false));
    const { client } = makeClient(server);
    await collect(client.organizations({ status: 'ACTIVE' }));
    await collect(client.cardholders({ organizationId: ORG }));
    await collect(client.receipts({ transactionId: 'tx-1' }));
    expect(server.apiRequests().map((r) => Object.fromEntries(r.query))).toEqual([
      { status: 'ACTIVE', sortBy: 'createdAt', sortDirection: 'ASC', limit: '1000', page: '0' },
      { organizationId: ORG, sortBy: 'createdAt', sortDirection: 'ASC', limit: '1000', page: '0' },
      { transactionId: 'tx-1', sortBy: 'createdAt', sortDirection: 'ASC', limit: '1000', page: '0' },
    ]);
  });

  it('split more than 100 transaction ids into requests of at most 100', async () => {
    server.route('GET', '/api/transactions', (r) => {
      const ids = (r.query.get('transactionIds') ?? '').split(',');
      return listReply(
        ids.map((transactionId) => ({ transactionId })),
        false,
      );
    });
    const { client } = makeClient(server);
    const ids = Array.from({ length: 250 }, (_, i) => `tx-${i}`);
    const pages = await collect(client.transactions({ organizationId: ORG, transactionIds: ids }));

    const sent = server.apiRequests().map((r) => (r.query.get('transactionIds') ?? '').split(','));
    expect(sent.map((chunk) => chunk.length)).toEqual([100, 100, 50]);
    expect(sent.flat()).toEqual(ids);
    expect(pages.map((p) => [p.page, p.records.length, p.hasNextPage])).toEqual([
      [0, 100, true],
      [1, 100, true],
      [2, 50, false],
    ]);
    expect(pages.flatMap((p) => p.records.map((t) => t.transactionId))).toEqual(ids);
  });

  it('send transaction date ranges, and bill payment ids as a comma list', async () => {
    server.route('GET', '/api/transactions', listReply([], false));
    server.route('GET', '/api/payments', listReply([{ paymentId: 'p-1' }], false));
    const { client } = makeClient(server);
    await collect(
      client.transactions({
        organizationId: ORG,
        fromDate: '2025-01-01',
        toDate: '2025-01-31',
        dateField: 'updatedAt',
      }),
    );
    await collect(client.billPayments({ organizationId: ORG, paymentIds: ['p-1', 'p-2'] }));
    const [tx, pay] = server.apiRequests();
    expect(tx?.query.get('dateField')).toBe('updatedAt');
    expect(tx?.query.get('fromDate')).toBe('2025-01-01');
    expect(tx?.query.has('transactionIds')).toBe(false);
    expect(pay?.path).toBe('/api/payments');
    expect(pay?.query.get('paymentIds')).toBe('p-1,p-2');
  });

  it('reject a malformed date range before any request', () => {
    const { client } = makeClient(server);
    expect(() => client.accountEntries({ organizationId: ORG, fromDate: '2025-02-30' })).toThrow(
      /fromDate must be a date YYYY-MM-DD/,
    );
    expect(() => client.accountEntries({ organizationId: ORG, fromDate: '2025-03-02', toDate: '2025-03-01' })).toThrow(
      /after toDate/,
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe('single calls', () => {
  it('receiptFile returns the bytes and the content type', async () => {
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    server.route('GET', '/api/receipts/r-1/original', { body: bytes, headers: { 'content-type': 'application/pdf' } });
    const { client } = makeClient(server);
    const file = await client.receiptFile('r-1');
    expect(file.contentType).toBe('application/pdf');
    expect(file.body.equals(bytes)).toBe(true);
  });

  it('signingKeys reads the JWKS', async () => {
    const jwks = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'abc', kid: 'k1' }] };
    server.route('GET', '/api/partner-management/signing/jwks.json', { json: jwks });
    const { client } = makeClient(server);
    await expect(client.signingKeys()).resolves.toEqual(jwks);
  });

  it('createLead posts the body as JSON and returns the answer', async () => {
    server.route('POST', '/api/leads', { status: 201, json: { leadId: 'lead-1', status: 'NEW' } });
    const { client } = makeClient(server);
    const lead = { partnersOrganizationId: 'p-1', name: 'Ada', country: 'DE', contacts: [] };
    await expect(client.createLead(lead)).resolves.toEqual({ leadId: 'lead-1', status: 'NEW' });
    const [request] = server.apiRequests('/api/leads');
    expect(JSON.parse(request?.body ?? '')).toEqual(lead);
  });

  it('per-call stats count that call only', async () => {
    server.route('GET', '/api/cards', [{ status: 503 }, listReply([{ cardId: 'c-1' }], false)]);
    server.route('GET', `/api/organizations/${ORG}`, { json: { organizationId: ORG } });
    const { client } = makeClient(server);
    const stats = { requests: 0, retries: 0 };
    await collect(client.cards({ organizationId: ORG }, { stats }));
    await client.organization(ORG);
    expect(stats).toEqual({ requests: 2, retries: 1 });
    expect(client.stats).toEqual({ requests: 3, retries: 1, tokenRequests: 1 });
  });
});
