import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';

import { FakeApiServer, TOKEN_PATH, tokenReply } from '../helpers/fake-api-server.js';
import { CLIENT_SECRET, collect, makeClient, ORG, rejectionOf } from './support.js';

const TOKEN = 'test-access-token-1';
const SECRETS = [CLIENT_SECRET, TOKEN, 'test-access-token-2'];
/** Logs must not even mention the header; error texts may quote a body that echoed "Bearer [redacted]". */
const FORBIDDEN_IN_LOGS = [...SECRETS, 'authorization', 'bearer'];
const FORBIDDEN_IN_ERRORS = [...SECRETS, 'authorization'];

let server: FakeApiServer;
beforeEach(async () => {
  server = await FakeApiServer.start();
});
afterEach(async () => {
  await server.close();
});

function expectClean(texts: string[], forbidden: string[]): void {
  for (const text of texts) {
    for (const secret of forbidden) expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  }
}

describe('logs and errors never hold secrets', () => {
  it('at debug, through successes, retries and failures of every kind', async () => {
    // Echo the Authorization header and the secret back in bodies, as a careless proxy might.
    const echo = (r: { headers: Record<string, unknown> }) => `${String(r.headers.authorization)} ${CLIENT_SECRET}`;
    server.route('GET', `/api/organizations/${ORG}`, { json: { organizationId: ORG } });
    server.route('GET', '/api/cards', (r) => ({ status: 500, body: echo(r) }));
    server.route('GET', '/api/cardholders', (r) => ({ status: 400, json: { code: 'BAD', message: echo(r) } }));
    server.route('GET', '/api/receipts', { status: 401 });
    server.route('GET', '/api/payments', { hang: true });
    server.route('GET', '/api/transactions', (r) => ({ body: `{"data": [${echo(r)}` }));
    const { client, lines } = makeClient(server, { timeoutMs: 100, retry: { maxAttempts: 2 } });

    const errors: unknown[] = [];
    await client.organization(ORG);
    errors.push(await rejectionOf(collect(client.cards({ organizationId: ORG }))));
    errors.push(await rejectionOf(collect(client.cardholders({ organizationId: ORG }))));
    errors.push(await rejectionOf(collect(client.receipts({ transactionId: 'tx-1' }))));
    errors.push(await rejectionOf(collect(client.billPayments({ organizationId: ORG }))));
    errors.push(await rejectionOf(collect(client.transactions({ organizationId: ORG }))));

    // The scenarios did run: requests were logged, errors are ours.
    expect(lines.filter((l) => l.includes('"level":"debug"')).length).toBeGreaterThan(10);
    expect(lines.some((l) => l.includes('GET /cards') && l.includes('500'))).toBe(true);
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'PliantApiError',
      'PliantApiError',
      'PliantAuthError',
      'PliantNetworkError',
      'PliantApiError',
    ]);
    expectClean(lines, FORBIDDEN_IN_LOGS);
    const errorTexts = errors.map((e) => `${(e as Error).message} ${JSON.stringify(e)} ${(e as Error).stack}`);
    expectClean(errorTexts, FORBIDDEN_IN_ERRORS);
    // The echoed secrets were there to leak, and were redacted.
    expect(errorTexts.join(' ')).toContain('[redacted]');
  });

  it('when the token endpoint fails', async () => {
    server.route('POST', TOKEN_PATH, [
      {
        ...tokenReply(1),
        status: 429,
        body: undefined,
        json: { error: 'too_many_requests', error_description: CLIENT_SECRET },
      },
    ]);
    const { client, lines } = makeClient(server);
    const error = await rejectionOf(client.organization(ORG));
    expect((error as Error).name).toBe('PliantAuthError');
    expect(lines.length).toBeGreaterThan(0);
    expectClean(lines, FORBIDDEN_IN_LOGS);
    expectClean([(error as Error).message, JSON.stringify(error)], FORBIDDEN_IN_ERRORS);
  });
});
