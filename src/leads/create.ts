/**
 * Sending one validated lead: claimed in `leads` first (so it is sent once), then POST /leads,
 * then what came of it stored, refusals included, so nothing is lost.
 */
import type { PrismaClient } from '../db/prisma.js';
import type { Logger } from '../logger.js';
import type { PliantClient } from '../pliant/client.js';
import { LEAD_ERROR_FIELD } from '../pliant/endpoints.js';
import { PliantApiError } from '../pliant/errors.js';
import { claimForSending, recordSending, type Lead } from './store.js';

export type CreateResult =
  | { outcome: 'sent'; lead: Lead }
  | { outcome: 'exists'; lead: Lead }
  | { outcome: 'rejected'; lead: Lead; field: string | null; message: string }
  | { outcome: 'failed'; lead: Lead; message: string };

export async function createLead(
  deps: { db: PrismaClient; client: PliantClient; logger: Logger },
  body: Record<string, unknown>,
): Promise<CreateResult> {
  const { db, client, logger } = deps;
  const claim = await claimForSending(db, body);
  if (claim.kind === 'exists') return { outcome: 'exists', lead: claim.lead };
  try {
    const answer = await client.createLead(body);
    const pliantId = answer.leadId ?? answer.id;
    const lead = await recordSending(db, claim.lead, {
      state: 'SENT',
      response: answer,
      leadId: pliantId === null || pliantId === undefined ? null : String(pliantId),
    });
    logger.info(`Lead ${lead.partnersOrganizationId} sent to Pliant`, {
      partnersOrganizationId: lead.partnersOrganizationId,
      leadId: lead.leadId,
    });
    return { outcome: 'sent', lead };
  } catch (error) {
    if (error instanceof PliantApiError && error.status >= 400 && error.status < 500) {
      const text = error.body ?? '';
      const field = LEAD_ERROR_FIELD.exec(text)?.[1] ?? null;
      const message = `${error.code ?? `HTTP ${error.status}`}: ${text || error.message}`;
      const lead = await recordSending(db, claim.lead, { state: 'REJECTED_BY_API', error: message, errorField: field });
      return { outcome: 'rejected', lead, field, message };
    }
    // 5xx, network, credentials: Pliant may or may not have it; kept, and may be sent again.
    const message = error instanceof Error ? error.message : String(error);
    const lead = await recordSending(db, claim.lead, { state: 'SEND_FAILED', error: message });
    return { outcome: 'failed', lead, message };
  }
}
