import type { z } from 'zod';

import type { cardholderSchema } from '../pliant/schemas.js';
import { bool, instant, text } from './mapping.js';
import type { Stream } from './types.js';

type Cardholder = z.infer<typeof cardholderSchema>;

/** The organization's cardholders; the API has no change filter, so read whole every run. */
export const cardholdersStream: Stream<Cardholder> = {
  name: 'cardholders',
  scope: 'organization',
  after: [],
  table: {
    table: 'cardholders',
    columns: {
      organization_id: 'text',
      salutation: 'text',
      first_name: 'text',
      last_name: 'text',
      email: 'text',
      phone_number: 'text',
      language: 'text',
      is_owner: 'boolean',
      status: 'text',
      created_at: 'timestamptz',
      updated_at: 'timestamptz',
      raw: 'jsonb',
    },
  },
  fetch: (ctx) =>
    ctx.client.cardholders({ organizationId: ctx.organizationId, limit: ctx.pageSize }, { stats: ctx.stats }),
  toRow: (c, { organizationId }) => ({
    id: c.cardholderId,
    organization_id: c.organizationId ?? organizationId,
    salutation: text(c.salutation),
    first_name: text(c.firstName),
    last_name: text(c.lastName),
    email: text(c.email),
    phone_number: text(c.phoneNumber),
    language: text(c.language),
    is_owner: bool(c.isOwner),
    status: text(c.status),
    created_at: instant(c.createdAt),
    updated_at: instant(c.updatedAt),
    raw: c,
  }),
};
