import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';

import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { clientFromConfig } from '../src/pliant/from-config.js';
import { REDACTED, registerSecret } from '../src/redact.js';
import { FakeApiServer } from './helpers/fake-api-server.js';
import { capturingLogger, quietLogger } from './helpers/logs.js';
import { makeClient } from './pliant/support.js';

const CLIENT_SECRET = 'cs_live_4f9Zq81xYkP0';
const ACCESS_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwYXJ0bmVyIn0.c2lnbmF0dXJl';

function flushed(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('logging', () => {
  it('writes one JSON object per line when not on a terminal', async () => {
    const { logger, lines } = capturingLogger({ level: 'info' });
    logger.info('Synced page', { stream: 'cards', rows: 100 });
    logger.debug('not at info');
    await flushed();
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', message: 'Synced page', stream: 'cards', rows: 100 });
    expect(line.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('writes readable lines on a terminal', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true });
    let out = '';
    stream.on('data', (c: Buffer) => (out += c.toString()));
    createLogger({ stream }).warn('Cursor moved back', { stream: 'cards' });
    await flushed();
    expect(out).toMatch(/^\d{4}-\d{2}-\d{2}T\S+ \S*warn\S* Cursor moved back \{"stream":"cards"\}\n$/);
    expect(() => JSON.parse(out)).toThrow();
  });

  it.each([true, false])('never lets a secret, token or Authorization header through (json: %s)', async (json) => {
    registerSecret(CLIENT_SECRET);
    registerSecret(ACCESS_TOKEN);
    const { logger, text } = capturingLogger({ level: 'debug', json });
    const error = new Error(`request failed with Authorization: Bearer ${ACCESS_TOKEN}`);
    logger.debug('token request', { body: { client_id: 'abc', client_secret: CLIENT_SECRET, audience: 'x' } });
    logger.debug(`token response {"access_token":"${ACCESS_TOKEN}","expires_in":86400}`);
    logger.debug('request', { headers: { Authorization: `Bearer ${ACCESS_TOKEN}`, 'Pliant-API-Version': '2.1.0' } });
    logger.info(`calling with secret ${CLIENT_SECRET} inline`);
    logger.warn('retrying', {
      attempt: 2,
      options: { accessToken: ACCESS_TOKEN, nested: [{ authorization: 'Basic dXNlcjpwYXNz' }] },
    });
    logger.error('failed', { error });
    logger.error(error);
    logger.info('db', { url: 'postgresql://sync:hunter22@db.internal:5432/pliant' });
    await flushed();

    const out = text();
    expect(out).not.toContain(CLIENT_SECRET);
    expect(out).not.toContain(ACCESS_TOKEN);
    expect(out).not.toContain('dXNlcjpwYXNz');
    expect(out).not.toContain('hunter22');
    expect(out).not.toMatch(/Bearer (?!\[redacted\])/);
    // The lines are still useful: they say what happened, with the secret replaced.
    expect(out).toContain('Pliant-API-Version');
    expect(out).toContain(`calling with secret ${REDACTED} inline`);
    expect(out).toContain('request failed with Authorization: Bearer [redacted]');
    expect(out).toContain('postgresql://sync:[redacted]@db.internal:5432/pliant');
    expect(out.split('\n').length).toBeGreaterThanOrEqual(8);
  });

  it('logs bigint values (money) exactly, as text', async () => {
    const { logger, lines } = capturingLogger();
    logger.info('balance', { amount: 9007199254740993n });
    await flushed();
    expect(JSON.parse(lines[0]!).amount).toBe('9007199254740993');
  });
});

describe('secrets the process learns at run time', () => {
  it('every access token the client receives is redacted from any later log line', async () => {
    const server = await FakeApiServer.start();
    try {
      const org = '12e6e7e7-0c23-4a54-bccb-2d3ff2fd02df';
      server.route('GET', `/api/organizations/${org}`, { json: { organizationId: org } });
      const { client } = makeClient(server);
      await client.organization(org);
      const token = 'test-access-token-1'; // what the fake token endpoint issued
      const { logger, text } = capturingLogger();
      logger.info(`someone pasted ${token} into a message`);
      await flushed();
      expect(text()).toContain(`someone pasted ${REDACTED} into a message`);
      expect(text()).not.toContain(token);
    } finally {
      await server.close();
    }
  });

  it("registers the configured client secret, but not the simulator's public one", async () => {
    // The API client registers its secret (the one path), but not the simulator's public one.
    clientFromConfig(
      loadConfig({ PLIANT_CLIENT_ID: 'id', PLIANT_CLIENT_SECRET: 'live-secret-from-env' }, tmpdir()),
      quietLogger(),
    );
    clientFromConfig(loadConfig({ PLIANT_ENV: 'simulator' }, tmpdir()), quietLogger());
    const { logger, text } = capturingLogger();
    logger.info('PLIANT_ENV=simulator with live-secret-from-env');
    await flushed();
    expect(text()).toContain(`PLIANT_ENV=simulator with ${REDACTED}`);
  });
});
