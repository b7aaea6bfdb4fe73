/**
 * A lead's state follows its history, never backwards. The state is the most advanced step
 * seen; among the onboarding steps (one rank) the latest by the event's own time (X-Callback-Created-At). Recomputed
 * from the whole history every time, so the order callbacks arrive in does not matter.
 */

/** The seed-001 callbacks that are about a lead, and how far along each one is. */
export const LEAD_EVENT_RANK: Readonly<Record<string, number>> = {
  ORGANIZATION_ADDED: 1,
  ORGANIZATION_STATE_CHANGED: 2,
  BANK_CONNECTION_STATUS_CHANGED: 2,
  DOCUMENT_CUSTOMER_STATUS_CHANGED: 2,
  REPRESENTATIVE_LEGITIMATION_STATUS_CHANGED: 2,
  REPRESENTATIVE_SUBMISSION_STATUS_CHANGED: 2,
  AUTHORIZATION_PENDING: 3,
  AUTHORIZATION_GRANTED: 4,
};

export const GRANTED = 'AUTHORIZATION_GRANTED';

/** States the lead's own sending leaves it in (rank 0). */
export const SEND_STATES = ['SENDING', 'SENT', 'REJECTED_BY_API', 'SEND_FAILED'] as const;
export type SendState = (typeof SEND_STATES)[number];

/** A lead in one of these may be sent again: Pliant did not take it (or we cannot know that it did). */
export const RESENDABLE: ReadonlySet<string> = new Set(['REJECTED_BY_API', 'SEND_FAILED']);

export const isLeadEvent = (eventType: string | null): eventType is string =>
  eventType !== null && Object.hasOwn(LEAD_EVENT_RANK, eventType);

export interface HistoryStep {
  eventType: string;
  occurredAt: Date;
}

export interface LeadState {
  state: string;
  since: Date;
  last: HistoryStep | null;
  authorizedAt: Date | null;
}

/** The state after `sending` (the lead's own step) and the callbacks linked to it. */
export function stateOf(sending: { state: string; since: Date }, callbacks: HistoryStep[]): LeadState {
  const ordered = [...callbacks].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  let state = sending.state;
  let since = sending.since;
  let rank = 0;
  let authorizedAt: Date | null = null;
  for (const step of ordered) {
    const r = LEAD_EVENT_RANK[step.eventType] ?? 0;
    if (step.eventType === GRANTED) authorizedAt ??= step.occurredAt;
    // Same rank: only the onboarding steps replace each other (latest wins).
    if (r > rank || (r === rank && r === 2)) {
      state = step.eventType;
      since = step.occurredAt;
      rank = r;
    }
  }
  return { state, since, last: ordered.at(-1) ?? null, authorizedAt };
}
