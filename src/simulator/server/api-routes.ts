// The Pliant API endpoints of docs/pliant-api.md, relative to /api.
import type { SigningKeys } from '../callbacks/signing.js';
import { receiptFile } from '../files/receipt-file.js';
import { leadProblem, recordLead } from '../leads.js';
import {
  CARD_STATUSES,
  CARDHOLDER_STATUSES,
  ENTRY_TYPES,
  ORGANIZATION_STATUSES,
  type OrganizationStatus,
} from '../model/enums.js';
import type { Organization } from '../model/records.js';
import {
  cardholderJson,
  cardJson,
  entryJson,
  organizationJson,
  paymentJson,
  receiptFileName,
  receiptJson,
  transactionJson,
} from '../serialize/records.js';
import type { Identity, ListQuery, Order, QueryEngine, RowSeq } from '../store/query.js';
import type { World } from '../store/world.js';
import { cmpInstant, DAY_SECONDS } from '../util/time.js';
import { Params } from './params.js';
import { apiError, badRequest, HttpError, json, pageReply, type Reply } from './reply.js';

export interface ApiContext {
  w: World;
  engine: QueryEngine;
  identity: Identity;
  keys: SigningKeys;
}

export interface ApiRequest {
  params: Params;
  match: RegExpExecArray;
  body: () => unknown;
}

export interface ApiRoute {
  name: string;
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(ctx: ApiContext, req: ApiRequest): Reply;
}

const ONBOARDING: ReadonlySet<OrganizationStatus> = new Set([
  'ONBOARDING_STARTED',
  'ONBOARDING_RISK_AND_COMPLIANCE',
  'ONBOARDING_MANDATES_AND_TERMS',
]);

function notFound(what: string): never {
  throw new HttpError(apiError(404, 'NOT_FOUND', `${what} not found`));
}

/** The organization named by a query parameter: 403 when outside the partner's scope, 400 when not active yet. */
function scopedOrg(ctx: ApiContext, p: Params, required: boolean): Organization | undefined {
  const id = p.uuid('organizationId', required);
  if (id === undefined) return undefined;
  const org = ctx.w.orgById(id);
  if (!org || org.unlisted)
    throw new HttpError(apiError(403, 'ACCESS_DENIED', `organization ${id} is not within the partner's scope`));
  if (ONBOARDING.has(org.status)) {
    throw new HttpError(apiError(400, 'NOT_ACTIVE_ORG', `organization ${id} is not active (${org.status})`));
  }
  return org;
}

function visible(ctx: ApiContext, org: number): boolean {
  const o = ctx.w.orgs[org]!;
  return !o.unlisted && !ONBOARDING.has(o.status);
}

function page(seq: RowSeq, p: Params, toJson: (row: number) => string, org?: Organization): Reply {
  const { page: n, limit } = p.paging();
  const start = n * limit;
  const end = Math.min(seq.length, start + limit);
  const records: string[] = [];
  for (let i = start; i < end; i++) records.push(toJson(seq.at(i)));
  return pageReply({ page: n, records, hasNextPage: end < seq.length, org });
}

function arraySeq(rows: number[], desc: boolean): RowSeq {
  return { length: rows.length, at: (i) => rows[desc ? rows.length - 1 - i : i]! };
}

/** Small lists (organizations, cardholders, cards, payments): sort in memory. */
function sortSmall<T>(items: T[], key: ((x: T) => number | string) | undefined): T[] {
  if (!key) return items;
  return items
    .map((x, i) => ({ x, i, k: key(x) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i))
    .map((e) => e.x);
}

const organizations: ApiRoute = {
  name: 'organizations',
  method: 'GET',
  pattern: /^\/organizations$/,
  handle(ctx, { params: p }) {
    const status = p.oneOf('status', ORGANIZATION_STATUSES);
    const { sortBy, desc } = p.sort(['name', 'createdAt'] as const);
    let orgs = ctx.w.orgs.filter((o) => !o.unlisted && (!status || o.status === status));
    orgs = sortSmall(orgs, sortBy === 'name' ? (o) => o.profile.name : undefined);
    return page(
      arraySeq(
        orgs.map((o) => o.serial),
        desc,
      ),
      p,
      (s) => organizationJson(ctx.w.orgs[s]!),
    );
  },
};

const organization: ApiRoute = {
  name: 'organization',
  method: 'GET',
  pattern: /^\/organizations\/([^/]+)$/,
  handle(ctx, { match }) {
    const org = ctx.w.orgById(decodeURIComponent(match[1]!));
    if (!org || org.unlisted) notFound('organization');
    return { status: 200, body: organizationJson(org), contentType: 'application/json; charset=utf-8' };
  },
};

const cardholders: ApiRoute = {
  name: 'cardholders',
  method: 'GET',
  pattern: /^\/cardholders$/,
  handle(ctx, { params: p }) {
    const org = scopedOrg(ctx, p, false);
    const status = p.oneOf('status', CARDHOLDER_STATUSES);
    const { sortBy, desc } = p.sort(['createdAt', 'updatedAt', 'lastName'] as const);
    let list = (
      org ? org.cardholders.map((s) => ctx.w.cardholders[s]!) : ctx.w.cardholders.filter((h) => visible(ctx, h.org))
    ).filter((h) => !status || h.status === status);
    list = sortSmall(
      list,
      sortBy === 'lastName' ? (h) => h.lastName : sortBy === 'updatedAt' ? (h) => h.updatedSec : (h) => h.createdSec,
    );
    return page(
      arraySeq(
        list.map((h) => h.serial),
        desc,
      ),
      p,
      (s) => cardholderJson(ctx.w, ctx.w.cardholders[s]!),
      org,
    );
  },
};

const cards: ApiRoute = {
  name: 'cards',
  method: 'GET',
  pattern: /^\/cards$/,
  handle(ctx, { params: p }) {
    const org = scopedOrg(ctx, p, false);
    const status = p.oneOf('status', CARD_STATUSES);
    const { desc } = p.sort(['issuingDate', 'createdAt'] as const);
    const list = (org ? org.cards.map((s) => ctx.w.cards[s]!) : ctx.w.cards.filter((c) => visible(ctx, c.org))).filter(
      (c) => !status || c.status === status,
    );
    // creation order is issuing order; cards not issued yet were created last
    return page(
      arraySeq(
        list.map((c) => c.serial),
        desc,
      ),
      p,
      (s) => cardJson(ctx.w, ctx.w.cards[s]!),
      org,
    );
  },
};

const DATE_FIELDS = ['bookingDate', 'createdAt', 'updatedAt'] as const;

const accountEntries: ApiRoute = {
  name: 'account-entries',
  method: 'GET',
  pattern: /^\/account-entries$/,
  handle(ctx, { params: p }) {
    const org = scopedOrg(ctx, p, true)!;
    const e = ctx.w.entries;
    const type = p.oneOf('type', ENTRY_TYPES);
    const dateField = p.oneOf('dateField', DATE_FIELDS, 'bookingDate')!;
    const range = p.dateRange();
    const { sortBy, desc } = p.sort(['index', 'bookingDate', 'createdAt'] as const);
    const dayOf = {
      bookingDate: (r: number) => e.bookingDay[r]!,
      createdAt: (r: number) => Math.floor(e.createdSec[r]! / DAY_SECONDS),
      updatedAt: (r: number) => Math.floor(e.updatedSec[r]! / DAY_SECONDS),
    };
    const typeIndex = type ? ENTRY_TYPES.indexOf(type) : -1;
    const q: ListQuery = {
      scope: `entries:${org.serial}`,
      rows: org.entries.view(),
      // createdAt rises with index within an organization: no separate index needed
      date: range && { field: dateField, day: dayOf[dateField], monotone: dateField === 'createdAt', ...range },
      filter: type ? { key: type, keep: (r) => e.type[r] === typeIndex } : undefined,
      order: sortBy === 'bookingDate' ? { kind: 'day', field: 'bookingDate', day: dayOf.bookingDate } : { kind: 'row' },
      desc,
    };
    return page(ctx.engine.resolve(q), p, (r) => entryJson(ctx.w, r), org);
  },
};

const transactions: ApiRoute = {
  name: 'transactions',
  method: 'GET',
  pattern: /^\/transactions$/,
  handle(ctx, { params: p }) {
    const w = ctx.w;
    const t = w.transactions;
    const org = scopedOrg(ctx, p, false);
    const ids = p.uuidList('transactionIds', 100);
    const dateField = p.oneOf('dateField', DATE_FIELDS, 'bookingDate')!;
    const range = p.dateRange();
    const { sortBy, desc } = p.sort(['createdAt', 'bookingDate', 'updatedAt'] as const);
    const dayOf = {
      bookingDate: (r: number) => t.bookingDay[r]!,
      createdAt: (r: number) => Math.floor(t.createdSec[r]! / DAY_SECONDS),
      updatedAt: (r: number) => Math.floor(t.updatedSec[r]! / DAY_SECONDS),
    };
    if (ids) {
      const day = dayOf[dateField];
      const rows = ids
        .map((id) => w.transactionRow(id))
        .filter(
          (r) =>
            r >= 0 && (!org || t.org[r] === org.serial) && (!range || (day(r) >= range.from && day(r) <= range.to)),
        );
      return page(arraySeq(rows, false), p, (r) => transactionJson(w, r), org);
    }
    let order: Order = { kind: 'row' };
    if (sortBy === 'bookingDate') order = { kind: 'day', field: 'bookingDate', day: dayOf.bookingDate };
    if (sortBy === 'createdAt') {
      order = {
        kind: 'exact',
        field: 'createdAt',
        compare: (a, b) => cmpInstant(t.createdSec[a]!, t.createdNs[a]!, t.createdSec[b]!, t.createdNs[b]!) || a - b,
      };
    }
    if (sortBy === 'updatedAt') {
      order = {
        kind: 'exact',
        field: 'updatedAt',
        compare: (a, b) => cmpInstant(t.updatedSec[a]!, t.updatedNs[a]!, t.updatedSec[b]!, t.updatedNs[b]!) || a - b,
      };
    }
    const q: ListQuery = {
      scope: `transactions:${org ? org.serial : 'all'}`,
      rows: org ? org.transactions.view() : ctx.identity.rows(t.length),
      date: range && { field: dateField, day: dayOf[dateField], monotone: false, ...range },
      order,
      desc,
    };
    return page(ctx.engine.resolve(q), p, (r) => transactionJson(w, r), org);
  },
};

const payments: ApiRoute = {
  name: 'payments',
  method: 'GET',
  pattern: /^\/payments$/,
  handle(ctx, { params: p }) {
    const w = ctx.w;
    const org = scopedOrg(ctx, p, false);
    const ids = p.uuidList('paymentIds', 100);
    const { sortBy, desc } = p.sort(['actualPaymentDate', 'plannedPaymentDate', 'createdAt'] as const);
    let list = ids
      ? ids.map((id) => w.paymentBySerialId(id)).filter((x) => x !== undefined)
      : org
        ? org.payments.map((s) => w.payments[s]!)
        : w.payments.filter((x) => visible(ctx, x.org));
    if (org) list = list.filter((x) => x.org === org.serial);
    list = sortSmall(
      list,
      sortBy === 'actualPaymentDate'
        ? (x) => x.actualDay
        : sortBy === 'plannedPaymentDate'
          ? (x) => x.plannedDay
          : undefined,
    );
    return page(
      arraySeq(
        list.map((x) => x.serial),
        ids ? false : desc,
      ),
      p,
      (s) => paymentJson(w, w.payments[s]!),
      org,
    );
  },
};

const receipts: ApiRoute = {
  name: 'receipts',
  method: 'GET',
  pattern: /^\/receipts$/,
  handle(ctx, { params: p }) {
    const w = ctx.w;
    const txId = p.uuid('transactionId', true)!;
    const tx = w.transactionRow(txId);
    if (tx < 0) notFound('transaction');
    const { desc } = p.sort(['createdAt'] as const);
    const r = w.receipts;
    const rows = w
      .receiptsOf(tx)
      .sort((a, b) => cmpInstant(r.createdSec[a]!, r.createdNs[a]!, r.createdSec[b]!, r.createdNs[b]!) || a - b);
    return page(arraySeq(rows, desc), p, (row) => receiptJson(w, row));
  },
};

const receiptOriginal: ApiRoute = {
  name: 'receipt-file',
  method: 'GET',
  pattern: /^\/receipts\/([^/]+)\/original$/,
  handle(ctx, { match }) {
    const w = ctx.w;
    const row = w.receiptRow(decodeURIComponent(match[1]!));
    if (row < 0 || w.receipts.deleted[row]) notFound('receipt');
    const file = receiptFile(w, row);
    return {
      status: 200,
      body: file.body,
      contentType: file.contentType,
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(receiptFileName(w, row))}` },
    };
  },
};

const leads: ApiRoute = {
  name: 'leads',
  method: 'POST',
  pattern: /^\/leads$/,
  handle(ctx, { body }) {
    const b = body();
    const problem = leadProblem(b);
    if (problem) return badRequest(problem);
    const fields = b as Record<string, unknown>;
    if (ctx.w.leads.some((l) => l.partnersOrganizationId === fields['partnersOrganizationId'])) {
      return apiError(
        409,
        'LEAD_ALREADY_EXISTS',
        `a lead with partnersOrganizationId '${String(fields['partnersOrganizationId'])}' exists`,
      );
    }
    const lead = recordLead(ctx.w, fields, ctx.w.nowSec);
    return json(202, { leadId: lead.id, partnersOrganizationId: lead.partnersOrganizationId, status: 'RECEIVED' });
  },
};

const jwks: ApiRoute = {
  name: 'jwks',
  method: 'GET',
  pattern: /^\/partner-management\/signing\/jwks\.json$/,
  handle(ctx) {
    return json(200, ctx.keys.jwks());
  },
};

export const API_ROUTES: readonly ApiRoute[] = [
  organizations,
  organization,
  cardholders,
  cards,
  accountEntries,
  transactions,
  payments,
  receipts,
  receiptOriginal,
  leads,
  jwks,
];
