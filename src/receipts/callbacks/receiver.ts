/**
 * POST /callbacks/pliant: refuses what is too large (413), unsigned, stale or not signed by
 * Pliant (401), stores what is genuine BEFORE answering 2xx (so an acknowledged callback is
 * never lost), and answers a redelivery 2xx without writing it again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { PrismaClient } from '../../db/prisma.js';
import type { Logger } from '../../logger.js';
import { storeEvent, type IncomingEvent } from './event-store.js';
import { timestampProblem, verifySignature, type SignedCallback } from './signature.js';
import type { SigningKeyCache } from './signing-keys.js';

/** Receipt callbacks are a few hundred bytes; anything near this is not one. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const KEPT_HEADERS = [
  'x-callback-id',
  'x-callback-created-at',
  'x-organization-id',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
];

export interface ReceiverOptions {
  db: PrismaClient;
  keys: SigningKeyCache;
  logger: Logger;
  maxBodyBytes?: number;
  now?: () => number;
  /** Called after a new callback is stored (wakes the processor). */
  onStored?: () => void;
}

export type Reply = { status: number; body: Record<string, unknown> };

export function callbackReceiver(
  options: ReceiverOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const maxBytes = options.maxBodyBytes ?? MAX_CALLBACK_BYTES;
  const now = options.now ?? Date.now;
  return async (req, res) => {
    const remote = req.socket?.remoteAddress;
    const reply = await receive(req, options, maxBytes, now).catch((error: unknown): Reply => {
      options.logger.error(
        `Callback not stored: ${error instanceof Error ? error.message : String(error)}; Pliant will send it again`,
        { error },
      );
      return { status: 500, body: { error: 'not stored; send it again' } };
    });
    if (reply.status >= 400 && reply.status !== 500) {
      options.logger.warn(`Callback refused with HTTP ${reply.status}: ${String(reply.body['error'])}`, {
        remote,
        webhookId: header(req, 'webhook-id'),
      });
    }
    send(res, reply, reply.status === 413);
  };
}

async function receive(
  req: IncomingMessage,
  options: ReceiverOptions,
  maxBytes: number,
  now: () => number,
): Promise<Reply> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(maxBytes);
  const body = await readBody(req, maxBytes);
  if (!body) return tooLarge(maxBytes);

  const id = header(req, 'webhook-id');
  const timestamp = header(req, 'webhook-timestamp');
  const signatures = header(req, 'webhook-signature');
  if (!id || !timestamp || !signatures)
    return {
      status: 401,
      body: { error: 'not signed: webhook-id, webhook-timestamp and webhook-signature are required' },
    };
  const stale = timestampProblem(timestamp, now());
  if (stale) return { status: 401, body: { error: stale } };

  const callback: SignedCallback = { id, timestamp, signatures, body };
  let keys;
  try {
    keys = await options.keys.current();
  } catch (error) {
    options.logger.error(
      `Cannot check callback signatures: the signing keys could not be fetched (${error instanceof Error ? error.message : String(error)})`,
    );
    return { status: 503, body: { error: 'signing keys unavailable; send it again later' } };
  }
  if (!verifySignature(callback, keys)) {
    // Perhaps a key Pliant just added: fetch the keys again (rate-limited), then decide.
    const fresh = await options.keys.refresh().catch(() => undefined);
    if (!fresh || !verifySignature(callback, fresh)) return { status: 401, body: { error: 'bad signature' } };
  }

  const event = eventOf(req, body, id);
  const outcome = await storeEvent(options.db, event);
  if (outcome === 'stored') {
    options.logger.info(`Callback ${event.callbackId} (${event.eventType ?? 'no eventType'}) stored`, {
      callbackId: event.callbackId,
      eventType: event.eventType,
      transactionId: event.transactionId,
      receiptId: event.receiptId,
    });
    options.onStored?.();
  } else {
    options.logger.debug(`Callback ${event.callbackId} received again: already stored, nothing written`, {
      callbackId: event.callbackId,
    });
  }
  return { status: 200, body: { status: outcome } };
}

/** The body, or null once it passes `maxBytes` (reading stops there). */
async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function eventOf(req: IncomingMessage, body: Buffer, webhookId: string): IncomingEvent {
  let payload: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) payload = parsed as Record<string, unknown>;
  } catch {
    // Signed but not JSON: stored as it came; processing ignores it.
  }
  const field = (name: string): string | null =>
    typeof payload[name] === 'string' && payload[name] !== '' ? (payload[name] as string) : null;
  const createdAt = header(req, 'x-callback-created-at');
  const created = createdAt ? new Date(createdAt) : null;
  const headers = Object.fromEntries(
    KEPT_HEADERS.flatMap((name) => (header(req, name) ? [[name, header(req, name)!]] : [])),
  );
  return {
    // X-Callback-Id is Pliant's dedupe key; webhook-id (signed) stands in when it is missing.
    callbackId: header(req, 'x-callback-id') ?? webhookId,
    body: body.toString('utf8'),
    headers,
    callbackCreatedAt: created && !Number.isNaN(created.getTime()) ? created : null,
    eventType: field('eventType'),
    organizationId: field('organizationId') ?? header(req, 'x-organization-id') ?? null,
    transactionId: field('transactionId'),
    receiptId: field('receiptId'),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.trim() !== '' ? first.trim() : undefined;
}

function tooLarge(maxBytes: number): Reply {
  return { status: 413, body: { error: `body larger than ${maxBytes} bytes` } };
}

export function send(res: ServerResponse, reply: Reply, close = false): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}
