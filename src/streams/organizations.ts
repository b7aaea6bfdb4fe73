import type { z } from 'zod';

import type { organizationSchema } from '../pliant/schemas.js';
import { currencyOf, minor, text } from './mapping.js';
import type { Stream } from './types.js';

type Organization = z.infer<typeof organizationSchema>;

/** Every organization the partner may read; small, so read whole every run. */
export const organizationsStream: Stream<Organization> = {
  name: 'organizations',
  scope: 'global',
  after: [],
  table: {
    table: 'organizations',
    columns: {
      name: 'text',
      status: 'text',
      account_type: 'text',
      country: 'text',
      credit_limit: 'bigint',
      available_limit: 'bigint',
      currency: 'char(3)',
      payment_frequency: 'text',
      raw: 'jsonb',
    },
  },
  fetch: (ctx) => ctx.client.organizations({ limit: ctx.pageSize }, { stats: ctx.stats }),
  toRow: (o) => ({
    id: o.organizationId,
    name: text(o.name),
    status: text(o.status),
    account_type: text(o.accountType),
    country: text(o.country),
    credit_limit: minor(o.creditLimit),
    available_limit: minor(o.availableLimit),
    currency: currencyOf(o.creditLimit) ?? currencyOf(o.availableLimit),
    payment_frequency: text(o.paymentFrequency),
    raw: o,
  }),
};
