import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { PliantContractError, toMinorUnits } from '../../src/pliant/index.js';
import { FakeApiServer } from '../helpers/fake-api-server.js';
import { accountEntry, collect, firstPage, listReply, makeClient, ORG, rejectionOf } from './support.js';

const ENTRIES = '/api/account-entries';

let server: FakeApiServer;
beforeEach(async () => {
  server = await FakeApiServer.start();
});
afterEach(async () => {
  await server.close();
});

describe('records that break the contract', () => {
  it('a fractional amount is a PliantContractError naming endpoint, record id and field', async () => {
    server.route(
      'GET',
      ENTRIES,
      listReply([accountEntry(0), accountEntry(1, { amount: { value: 1.5, currency: 'EUR' } })], false),
    );
    const { client } = makeClient(server);
    const error = await rejectionOf(collect(client.accountEntries({ organizationId: ORG })));
    expect(error).toBeInstanceOf(PliantContractError);
    expect(error).toMatchObject({
      endpoint: '/account-entries',
      recordId: 'entry-1',
      field: 'amount.value',
      retryable: false,
    });
    expect((error as Error).message).toContain('record "entry-1"');
    expect((error as Error).message).toContain('field "amount.value" must be a whole number of minor units');
    expect((error as Error).message).toContain('got 1.5');
    expect((error as Error).message).toContain('GET /account-entries?');
  });

  it('a missing id is a PliantContractError on field "id"', async () => {
    const { id: _dropped, ...noId } = accountEntry(0);
    server.route('GET', ENTRIES, listReply([noId], false));
    const { client } = makeClient(server);
    const error = await rejectionOf(collect(client.accountEntries({ organizationId: ORG })));
    expect(error).toMatchObject({
      name: 'PliantContractError',
      recordId: undefined,
      field: 'id',
      problem: 'is missing',
    });
  });

  it('names the transaction id and a bad nested date', async () => {
    server.route('GET', '/api/transactions', listReply([{ transactionId: 'tx-9', bookingDate: '2025-02-30' }], false));
    const { client } = makeClient(server);
    const error = await rejectionOf(collect(client.transactions({ organizationId: ORG })));
    expect(error).toMatchObject({ recordId: 'tx-9', field: 'bookingDate', endpoint: '/transactions' });
    expect((error as Error).message).toContain('must be a date YYYY-MM-DD, got "2025-02-30"');
  });

  it('an envelope without data is a PliantContractError', async () => {
    server.route('GET', '/api/cards', { json: { items: [] } });
    const { client } = makeClient(server);
    await expect(collect(client.cards({ organizationId: ORG }))).rejects.toMatchObject({
      name: 'PliantContractError',
      field: 'data',
      endpoint: '/cards',
    });
  });
});

describe('records kept as sent', () => {
  it('passes unknown fields and unknown enum values through untouched', async () => {
    const sent = accountEntry(0, {
      type: 'INTEREST_CHARGE',
      transactionType: 'SOMETHING_NEW',
      brandNewField: { deep: [1, { x: null }], flag: true },
      fxFee: { value: 12, currency: 'EUR', rate: '1.0832' },
    });
    server.route('GET', ENTRIES, listReply([sent], false));
    const { client } = makeClient(server);
    const page = await firstPage(client.accountEntries({ organizationId: ORG }));
    expect(page.records).toEqual([sent]);
    expect(Object.keys(page.records[0] ?? {})).toEqual(Object.keys(sent));
  });

  it('accepts JPY and BHD money and 9-digit fractional timestamps', async () => {
    const sent = {
      transactionId: 'tx-1',
      billingAmount: { value: -1234, currency: 'EUR' },
      transactionAmount: { value: -2000, currency: 'JPY' },
      fxFee: { value: -12345, currency: 'BHD' },
      createdAt: '2025-05-21T12:34:56.123456789Z',
      authorizedAt: '2025-05-21T12:34:56+00:00',
      confirmedAt: '2025-05-21T12:34:56.1Z',
      bookingDate: '2025-05-22',
    };
    server.route('GET', '/api/transactions', listReply([sent], false));
    const { client } = makeClient(server);
    const page = await firstPage(client.transactions({ organizationId: ORG }));
    const [tx] = page.records;
    expect(tx).toEqual(sent);
    expect(toMinorUnits(tx?.transactionAmount ?? { value: NaN })).toBe(-2000n);
    expect(toMinorUnits(tx?.fxFee ?? { value: NaN })).toBe(-12345n);
  });
});
