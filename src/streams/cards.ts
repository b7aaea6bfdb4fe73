import type { z } from 'zod';

import type { cardSchema } from '../pliant/schemas.js';
import { instant, text } from './mapping.js';
import type { Stream } from './types.js';

type Card = z.infer<typeof cardSchema>;

/** The card that collects Pliant's platform and FX fees (docs/pliant-api.md, Platform-fee card). */
export const PLATFORM_FEE_CARD_CONFIG = 'PLIANT_PLATFORM_FEE';
export const isPlatformFeeCard = (card: Card): boolean =>
  card.platformFee === true || card.cardConfig === PLATFORM_FEE_CARD_CONFIG;

/** The organization's cards, the platform-fee card included and flagged; read whole every run. */
export const cardsStream: Stream<Card> = {
  name: 'cards',
  scope: 'organization',
  after: [],
  table: {
    table: 'cards',
    columns: {
      organization_id: 'text',
      cardholder_id: 'text',
      card_config: 'text',
      type: 'text',
      status: 'text',
      ref_num: 'text',
      label: 'text',
      platform_fee: 'boolean',
      issuing_date: 'timestamptz',
      expiry_date: 'timestamptz',
      raw: 'jsonb',
    },
  },
  fetch: (ctx) => ctx.client.cards({ organizationId: ctx.organizationId, limit: ctx.pageSize }, { stats: ctx.stats }),
  toRow: (c, { organizationId }) => ({
    id: c.cardId,
    organization_id: c.organizationId ?? organizationId,
    cardholder_id: text(c.cardholderId),
    card_config: text(c.cardConfig),
    type: text(c.type),
    status: text(c.status),
    ref_num: text(c.refNum),
    label: text(c.label),
    platform_fee: isPlatformFeeCard(c),
    issuing_date: instant(c.issuingDate),
    expiry_date: instant(c.expiryDate),
    raw: c,
  }),
};
