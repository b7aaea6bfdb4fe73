/**
 * The callback service `worker` runs on CALLBACK_PORT: POST /callbacks/pliant (the receiver),
 * GET /health, and the background processor of stored callbacks.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { PrismaClient } from '../../db/prisma.js';
import { StartError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { PliantClient } from '../../pliant/client.js';
import type { ReceiptsOptions } from '../options.js';
import { readHealth } from './health.js';
import { CallbackProcessor, type RetryPolicy } from './processor.js';
import { callbackReceiver, send } from './receiver.js';
import { SigningKeyCache } from './signing-keys.js';

export const CALLBACK_PATH = '/callbacks/pliant';
export const HEALTH_PATH = '/health';

export interface CallbackServiceOptions {
  port: number;
  /** Default all interfaces (a container publishes the port). */
  host?: string;
  db: PrismaClient;
  client: PliantClient;
  receipts: ReceiptsOptions;
  logger: Logger;
  maxBodyBytes?: number;
  retry?: Partial<RetryPolicy>;
  pollMs?: number;
  /** Least time between two fetches of the signing keys. */
  keysMinRefreshMs?: number;
  /** An organization's authorization was granted: the worker syncs it at once. */
  onAuthorized?: (organizationId: string) => void;
}

export interface CallbackService {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  processor: CallbackProcessor;
  keys: SigningKeyCache;
  /** Stops taking callbacks, lets the processor finish the event in hand. */
  close(): Promise<void>;
}

export async function startCallbackService(options: CallbackServiceOptions): Promise<CallbackService> {
  const { db, logger } = options;
  const keys = new SigningKeyCache(() => options.client.signingKeys(), logger, options.keysMinRefreshMs);
  const processor = new CallbackProcessor({
    db,
    client: options.client,
    receipts: options.receipts,
    logger,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.onAuthorized ? { onAuthorized: options.onAuthorized } : {}),
  });
  const receive = callbackReceiver({
    db,
    keys,
    logger,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    onStored: () => processor.wake(),
  });

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === CALLBACK_PATH && req.method === 'POST') return void receive(req, res);
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      return void readHealth(db, logger).then((reply) => send(res, reply));
    }
    if (path === CALLBACK_PATH || path === HEALTH_PATH) {
      res.setHeader('allow', path === CALLBACK_PATH ? 'POST' : 'GET, HEAD');
      return send(res, { status: 405, body: { error: `${req.method} is not allowed on ${path}` } });
    }
    send(res, { status: 404, body: { error: `nothing at ${path}: callbacks go to POST ${CALLBACK_PATH}` } });
  });
  await listen(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  processor.start();
  // Fetch the keys now, so a key problem shows at start and the first callback does not wait.
  keys
    .current()
    .catch((error: unknown) =>
      logger.warn(
        `Callback signing keys not fetched yet (${error instanceof Error ? error.message : String(error)}); trying again with the first callback`,
      ),
    );
  logger.info(`Callback receiver listening on port ${port}: POST ${CALLBACK_PATH}, GET ${HEALTH_PATH}`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    processor,
    keys,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await processor.stop();
    },
  };
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem =
        error.code === 'EADDRINUSE'
          ? `${port} is already in use by another process`
          : error.code === 'EACCES'
            ? `${port} needs privileges this process lacks`
            : error.message;
      reject(
        new StartError(
          `CALLBACK_PORT: ${problem}: the callback receiver cannot listen. Stop that process, or set CALLBACK_PORT to a free port (for example CALLBACK_PORT=8081).`,
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
}
