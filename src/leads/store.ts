/**
 * `leads` and `lead_events`: a lead is claimed before it is sent (so two `lead create` never
 * send one twice), its sending and every seed-001 callback go into its history, and its state
 * is recomputed from that history (src/leads/states.ts).
 */
import type { PrismaClient } from '../db/prisma.js';
import type { Lead, Prisma } from '../generated/prisma/client.js';
import { RESENDABLE, SEND_STATES, stateOf } from './states.js';

type Db = PrismaClient | Prisma.TransactionClient;

export type { Lead };

export type Claim = { kind: 'new' | 'resend'; lead: Lead } | { kind: 'exists'; lead: Lead };

/** Takes the lead for sending: new, or again when Pliant did not take it; else the stored one. */
export async function claimForSending(db: Db, body: Record<string, unknown>): Promise<Claim> {
  const partnersOrganizationId = String(body['partnersOrganizationId']);
  const fields = {
    name: String(body['name']),
    country: String(body['country']),
    industry: String(body['industry']),
    raw: body as Prisma.InputJsonObject,
  };
  const now = new Date();
  const created = await db.lead.createManyAndReturn({
    data: [{ partnersOrganizationId, ...fields, state: 'SENDING', stateChangedAt: now }],
    skipDuplicates: true,
  });
  if (created[0]) return { kind: 'new', lead: created[0] };
  const again = await db.lead.updateManyAndReturn({
    where: { partnersOrganizationId, state: { in: [...RESENDABLE] } },
    data: { ...fields, state: 'SENDING', stateChangedAt: now, error: null, errorField: null, updatedAt: now },
  });
  if (again[0]) return { kind: 'resend', lead: again[0] };
  return { kind: 'exists', lead: await db.lead.findUniqueOrThrow({ where: { partnersOrganizationId } }) };
}

export interface SendOutcome {
  state: 'SENT' | 'REJECTED_BY_API' | 'SEND_FAILED';
  response?: Record<string, unknown>;
  leadId?: string | null;
  error?: string;
  errorField?: string | null;
}

/** What sending did, into the lead and its history; then events that came before it are linked. */
export async function recordSending(db: Db, lead: Lead, outcome: SendOutcome): Promise<Lead> {
  const at = new Date();
  await db.leadEvent.create({
    data: {
      leadId: lead.id,
      eventType: outcome.state,
      partnersOrganizationId: lead.partnersOrganizationId,
      occurredAt: at,
      detail: outcome.error ?? null,
      raw: { request: lead.raw, ...(outcome.response ? { response: outcome.response } : {}) } as Prisma.InputJsonObject,
    },
  });
  await db.lead.update({
    where: { id: lead.id },
    data: {
      state: outcome.state,
      stateChangedAt: at,
      sentAt: outcome.state === 'SEND_FAILED' ? null : at,
      leadId: outcome.leadId ?? null,
      error: outcome.error ?? null,
      errorField: outcome.errorField ?? null,
      ...(outcome.response ? { response: outcome.response as Prisma.InputJsonObject } : {}),
      updatedAt: at,
    },
  });
  return (await refreshLead(db, lead.id)).lead;
}

export interface CallbackStep {
  callbackEventId: bigint;
  eventType: string;
  organizationId: string | null;
  partnersOrganizationId: string | null;
  occurredAt: Date;
  detail: string | null;
  raw: Record<string, unknown>;
}

/** A seed-001 callback into the history; the lead it is about, if known, is brought up to date. */
export async function recordCallback(
  db: Db,
  step: CallbackStep,
): Promise<{ lead: Lead | null; newlyAuthorized: boolean }> {
  await db.leadEvent.createMany({ data: [{ ...step, raw: step.raw as Prisma.InputJsonObject }], skipDuplicates: true });
  const lead =
    (step.partnersOrganizationId
      ? await db.lead.findUnique({ where: { partnersOrganizationId: step.partnersOrganizationId } })
      : null) ??
    (step.organizationId ? await db.lead.findFirst({ where: { organizationId: step.organizationId } }) : null);
  if (!lead) return { lead: null, newlyAuthorized: false };
  return refreshLead(db, lead.id);
}

/**
 * Links the events that name the lead (by partnersOrganizationId, then by the organization id
 * ORGANIZATION_ADDED gave it), and recomputes its state from its whole history.
 */
export async function refreshLead(db: Db, id: bigint): Promise<{ lead: Lead; newlyAuthorized: boolean }> {
  const before = await db.lead.findUniqueOrThrow({ where: { id } });
  await db.leadEvent.updateMany({
    where: { leadId: null, partnersOrganizationId: before.partnersOrganizationId },
    data: { leadId: id },
  });
  let organizationId = before.organizationId;
  if (!organizationId) {
    const added = await db.leadEvent.findFirst({
      where: { leadId: id, eventType: 'ORGANIZATION_ADDED', organizationId: { not: null } },
      orderBy: { occurredAt: 'asc' },
    });
    organizationId = added?.organizationId ?? null;
  }
  if (organizationId) await db.leadEvent.updateMany({ where: { leadId: null, organizationId }, data: { leadId: id } });

  const history = await db.leadEvent.findMany({
    where: { leadId: id },
    orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }],
  });
  const own = history
    .filter((e) => e.callbackEventId === null && (SEND_STATES as readonly string[]).includes(e.eventType))
    .at(-1);
  const sending = own
    ? { state: own.eventType, since: own.occurredAt }
    : { state: before.state, since: before.stateChangedAt };
  const callbacks = history.filter((e) => e.callbackEventId !== null);
  const next = stateOf(sending, callbacks);
  const lead = await db.lead.update({
    where: { id },
    data: {
      organizationId,
      state: next.state,
      stateChangedAt: next.since,
      lastEventType: next.last?.eventType ?? null,
      lastEventAt: next.last?.occurredAt ?? null,
      authorizedAt: next.authorizedAt,
      updatedAt: new Date(),
    },
  });
  return {
    lead,
    newlyAuthorized: before.authorizedAt === null && next.authorizedAt !== null && organizationId !== null,
  };
}

export function listLeads(db: Db): Promise<Lead[]> {
  return db.lead.findMany({ orderBy: { id: 'asc' } });
}

/** Authorized leads whose organization has not had its first sync yet (a worker stopped in between). */
export function awaitingFirstSync(db: Db): Promise<Lead[]> {
  return db.lead.findMany({
    where: { authorizedAt: { not: null }, organizationId: { not: null }, firstSyncRunId: null },
  });
}

export async function markFirstSync(db: Db, organizationId: string, runId: bigint): Promise<void> {
  await db.lead.updateMany({
    where: { organizationId, firstSyncRunId: null },
    data: { firstSyncRunId: runId, updatedAt: new Date() },
  });
}
