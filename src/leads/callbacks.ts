/**
 * The seed-001 callbacks, as the callback processor hands them over (inside the transaction
 * that holds the stored callback): into the lead's history, its state recomputed. An event
 * about a lead this mirror does not know (yet) is kept and linked when the lead appears.
 */
import type { Prisma } from '../generated/prisma/client.js';
import { recordCallback } from './store.js';

export interface LeadCallbackResult {
  /** What to log. */
  note: string;
  /** Pliant's organization id, when this event granted the authorization just now. */
  authorized: string | null;
}

/** Status-like fields a callback may carry, kept as the step's detail. */
const DETAIL_FIELDS = [
  'status',
  'state',
  'organizationStatus',
  'bankConnectionStatus',
  'documentStatus',
  'legitimationStatus',
  'submissionStatus',
];

export async function processLeadCallback(tx: Prisma.TransactionClient, id: bigint): Promise<LeadCallbackResult> {
  const stored = await tx.callbackEvent.findUniqueOrThrow({ where: { id } });
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(stored.body);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Signed but not JSON: the step keeps what the headers say.
  }
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const detail = DETAIL_FIELDS.map((f) => text(body[f])).find((v) => v !== null) ?? null;
  const { lead, newlyAuthorized } = await recordCallback(tx, {
    callbackEventId: stored.id,
    eventType: stored.eventType!,
    organizationId: stored.organizationId,
    partnersOrganizationId: text(body['partnersOrganizationId']),
    // The event's own time orders the history; without it, when it reached us.
    occurredAt: stored.callbackCreatedAt ?? stored.receivedAt,
    detail,
    raw: body,
  });
  if (!lead)
    return {
      note: `no lead known for it yet (organization ${stored.organizationId ?? '?'}): kept, linked when the lead appears`,
      authorized: null,
    };
  return {
    note: `lead ${lead.partnersOrganizationId} is ${lead.state} since ${lead.stateChangedAt.toISOString()}`,
    authorized: newlyAuthorized ? lead.organizationId : null,
  };
}
