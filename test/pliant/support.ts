/** Shared set-up of the Pliant client tests (not a test file itself). */
import { Writable } from 'node:stream';
import winston, { type Logger } from 'winston';

import { PliantClient, type Page, type PliantClientOptions } from '../../src/pliant/index.js';
import { type FakeApiServer, type Reply } from '../helpers/fake-api-server.js';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = 'test-client-secret-s3cr3t-value';
export const ORG = '12e6e7e7-0c23-4a54-bccb-2d3ff2fd02df';

/** A debug-level winston logger whose output (message and metadata) is kept as JSON lines. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = winston.createLogger({
    level: 'debug',
    format: winston.format.json(),
    transports: [new winston.transports.Stream({ stream })],
  });
  return { logger, lines };
}

/** A client against the fake server, with fast retries and a loose rate limit. */
export function makeClient(
  server: FakeApiServer,
  overrides: Partial<PliantClientOptions> = {},
): { client: PliantClient; lines: string[] } {
  const { logger, lines } = captureLogger();
  const client = new PliantClient({
    apiUrl: server.apiUrl,
    authUrl: server.authUrl,
    audience: 'test-audience',
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    rateLimit: { requests: 1000, perSeconds: 1 },
    logger,
    timeoutMs: 2000,
    ...overrides,
    retry: { baseDelayMs: 10, maxDelayMs: 40, rateLimitDelayMs: 150, maxTotalWaitMs: 10_000, ...overrides.retry },
  });
  return { client, lines };
}

export async function collect<T>(pages: AsyncIterable<Page<T>>): Promise<Array<Page<T>>> {
  const out: Array<Page<T>> = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Resolves to the rejection of `promise`, and fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export async function firstPage<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>> {
  for await (const page of pages) return page;
  throw new Error('no page');
}

export function accountEntry(index: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `entry-${index}`,
    organizationId: ORG,
    cardAccountId: 'ca-1',
    index,
    type: 'TRANSACTION',
    bookingDate: '2025-05-21',
    amount: { value: -617, currency: 'EUR' },
    balanceAfter: { value: -617 * (index + 1), currency: 'EUR' },
    transactionType: 'PURCHASE',
    transactionId: `tx-${index}`,
    createdAt: '2025-05-21T12:34:56.123Z',
    updatedAt: '2025-05-21T12:34:56Z',
    ...extra,
  };
}

export function listReply(records: unknown[], hasNextPage: boolean): Reply {
  return { json: { data: records, hasNextPage } };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
