/**
 * `callback_events`: every verified callback is inserted before it is answered 2xx, once per
 * callback id (a redelivery inserts nothing), then processed in the background. An event is
 * claimed with a row lock inside the transaction that writes its effects: two processors never
 * take the same event, and one whose process dies is free again at once (the lock goes with
 * the connection), for the next start to process.
 */
import type { PrismaClient } from '../../db/prisma.js';
import type { Prisma } from '../../generated/prisma/client.js';

export interface IncomingEvent {
  callbackId: string;
  body: string;
  headers: Record<string, string>;
  callbackCreatedAt: Date | null;
  eventType: string | null;
  organizationId: string | null;
  transactionId: string | null;
  receiptId: string | null;
}

/** `stored`, or `duplicate` when this callback id is already there (nothing written). */
export async function storeEvent(db: PrismaClient, event: IncomingEvent): Promise<'stored' | 'duplicate'> {
  const inserted = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO callback_events (callback_id, event_type, organization_id, transaction_id, receipt_id, body, headers, callback_created_at)
    VALUES (${event.callbackId}, ${event.eventType}, ${event.organizationId}, ${event.transactionId}, ${event.receiptId},
            ${event.body}, ${JSON.stringify(event.headers)}::jsonb, ${event.callbackCreatedAt})
    ON CONFLICT (callback_id) DO NOTHING
    RETURNING id`;
  return inserted.length > 0 ? 'stored' : 'duplicate';
}

export interface ClaimedEvent {
  id: bigint;
  callbackId: string;
  eventType: string | null;
  organizationId: string | null;
  transactionId: string | null;
  receiptId: string | null;
  /** Failed attempts so far. */
  attempts: number;
}

type Tx = Prisma.TransactionClient;

/** The oldest due pending event, locked until the transaction ends; null when none is due. */
export async function claimNext(tx: Tx): Promise<ClaimedEvent | null> {
  const rows = await tx.$queryRaw<ClaimedEvent[]>`
    SELECT id, callback_id AS "callbackId", event_type AS "eventType", organization_id AS "organizationId",
           transaction_id AS "transactionId", receipt_id AS "receiptId", attempts
    FROM callback_events WHERE status = 'pending' AND next_attempt_at <= now()
    ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
  return rows[0] ?? null;
}

/** Done (`processed`) or nothing to do (`ignored`), in the transaction that wrote its effects. */
export async function finishEvent(tx: Tx, id: bigint, status: 'processed' | 'ignored', note?: string): Promise<void> {
  await tx.$executeRaw`UPDATE callback_events SET status = ${status}, attempts = attempts + 1, processed_at = now(), error = ${note ?? null} WHERE id = ${id}`;
}

/** A failed attempt: tried again after `retryInMs`, or given up (`failed`) when that is null. */
export async function failEvent(tx: Tx, id: bigint, error: string, retryInMs: number | null): Promise<void> {
  if (retryInMs === null) {
    await tx.$executeRaw`UPDATE callback_events SET status = 'failed', attempts = attempts + 1, error = ${error} WHERE id = ${id}`;
  } else {
    await tx.$executeRaw`
      UPDATE callback_events SET attempts = attempts + 1, error = ${error},
        next_attempt_at = now() + make_interval(secs => ${retryInMs / 1000}::double precision)
      WHERE id = ${id}`;
  }
}
