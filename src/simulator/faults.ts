// Faults on demand. A rule names a kind, where it applies (an endpoint, or
// every API endpoint) and when it fires: the next `count` matching requests,
// every `every`-th one, or with a seeded `probability`. Deterministic unless a
// probability is given, and even then reproducible for a given seed.
import { Rng } from './util/prng.js';

export const FAULT_KINDS = [
  /** answer with `status` (500, 503, …) instead of the real response */
  'status',
  /** 429 with the rate-limit body, as a storm from a proxy or the real limiter */
  'storm',
  /** wait `delayMs` before answering */
  'slow',
  /** reset the TCP connection without an answer */
  'reset',
  /** 200 with a truncated JSON body */
  'malformed',
  /** one record on `page` breaks the contract (see `variant`) */
  'violation',
  /** after `page` is served, `rows` new entries are booked (offsets shift under the client) */
  'insertRows',
  /** 204 No Content: "feature disabled for that entity" */
  'noContent',
  /** callbacks: deliver the callback twice (applies to callbacks whatever `endpoint` says) */
  'duplicateCallback',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const VIOLATION_VARIANTS = [
  /** the record's id field is missing */
  'missingId',
  /** a money value with a fraction (12.5) */
  'floatAmount',
  /** a money value as a string ("-12.34") */
  'stringAmount',
  /** a date in the wrong format (31.02.2025) */
  'badDate',
  /** money object null */
  'nullAmount',
  /** an integer field as a string ("12") */
  'stringIndex',
] as const;
export type ViolationVariant = (typeof VIOLATION_VARIANTS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** route name (organizations, organization, cardholders, cards, account-entries, transactions,
   * payments, receipts, receipt-file, leads, jwks, token, callback) or "*" for every API route */
  endpoint?: string;
  /** fire on the next `count` matching requests (the default is 1 when no `every`/`probability`) */
  count?: number;
  /** fire on every `every`-th matching request */
  every?: number;
  /** fire with this probability (0..1) */
  probability?: number;
  /** let this many matching requests pass first */
  skip?: number;
  status?: number;
  /** body for `status`; default JSON {"code","message"} for 5xx except 503, which gets a proxy's HTML */
  body?: string;
  delayMs?: number;
  /** `storm`: send Retry-After (seconds), as a proxy in front of the API would */
  retryAfter?: number;
  /** `violation`/`insertRows`: the 0-based page this applies to (default: any) */
  page?: number;
  variant?: ViolationVariant;
  /** `insertRows`: organization to book into (default: the one being listed) */
  organizationId?: string;
  rows?: number;
}

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  fired: number;
}

const PRE_KINDS: ReadonlySet<FaultKind> = new Set(['status', 'storm', 'slow', 'reset', 'malformed', 'noContent']);
const PAGE_KINDS: ReadonlySet<FaultKind> = new Set(['violation', 'insertRows']);

export function validateRule(r: unknown): FaultRule {
  if (typeof r !== 'object' || r === null) throw new Error('a fault rule must be an object');
  const rule = r as FaultRule;
  if (!FAULT_KINDS.includes(rule.kind)) throw new Error(`fault kind must be one of ${FAULT_KINDS.join(', ')}`);
  for (const k of ['count', 'every', 'skip', 'delayMs', 'retryAfter', 'page', 'rows', 'status'] as const) {
    const v = rule[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      throw new Error(`fault ${k} must be a non-negative integer`);
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new Error('fault probability must be between 0 and 1');
  }
  if (rule.kind === 'status' && (rule.status === undefined || rule.status < 100 || rule.status > 599)) {
    throw new Error('fault kind "status" needs a status from 100 to 599');
  }
  if (rule.variant !== undefined && !VIOLATION_VARIANTS.includes(rule.variant)) {
    throw new Error(`violation variant must be one of ${VIOLATION_VARIANTS.join(', ')}`);
  }
  return { ...rule };
}

export class FaultPlan {
  private rules: ActiveRule[] = [];
  private readonly rng: Rng;

  constructor(seed: number, rules: FaultRule[] = []) {
    this.rng = new Rng(seed, 0xfa017);
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ rule: validateRule(r), seen: 0, fired: 0 }));
  }

  add(rules: FaultRule[]): void {
    this.rules.push(...rules.map((r) => ({ rule: validateRule(r), seen: 0, fired: 0 })));
  }

  clear(): void {
    this.rules = [];
  }

  list(): (FaultRule & { seen: number; fired: number })[] {
    return this.rules.map((a) => ({ ...a.rule, seen: a.seen, fired: a.fired }));
  }

  private matches(rule: FaultRule, endpoint: string): boolean {
    if (rule.kind === 'duplicateCallback') return endpoint === 'callback';
    const e = rule.endpoint ?? '*';
    if (e === endpoint) return true;
    // "*" means the Pliant API; token and callback faults must be asked for by name
    return e === '*' && endpoint !== 'token' && endpoint !== 'callback';
  }

  private fires(a: ActiveRule): boolean {
    a.seen++;
    const r = a.rule;
    if (r.skip !== undefined && a.seen <= r.skip) return false;
    const n = a.seen - (r.skip ?? 0);
    let fire: boolean;
    if (r.every !== undefined) fire = r.every > 0 && n % r.every === 0;
    else if (r.probability !== undefined) fire = this.rng.int(1_000_000) < Math.round(r.probability * 1_000_000);
    else fire = true;
    const limit = r.count ?? (r.every === undefined && r.probability === undefined ? 1 : Infinity);
    if (fire && a.fired >= limit) fire = false;
    if (fire) a.fired++;
    return fire;
  }

  private prune(): void {
    this.rules = this.rules.filter((a) => {
      const r = a.rule;
      const limit = r.count ?? (r.every === undefined && r.probability === undefined ? 1 : Infinity);
      return a.fired < limit;
    });
  }

  /** Rules that fire for this request before any real work: at most one of each kind. */
  beforeRequest(endpoint: string): FaultRule[] {
    return this.pick(endpoint, (k) => PRE_KINDS.has(k), undefined);
  }

  /** Rules that act on a served page. */
  afterPage(endpoint: string, page: number): FaultRule[] {
    return this.pick(endpoint, (k) => PAGE_KINDS.has(k), page);
  }

  /** Whether a callback should be delivered twice. */
  duplicateCallback(): boolean {
    return this.pick('callback', (k) => k === 'duplicateCallback', undefined).length > 0;
  }

  private pick(endpoint: string, kind: (k: FaultKind) => boolean, page: number | undefined): FaultRule[] {
    const out: FaultRule[] = [];
    const kinds = new Set<FaultKind>();
    for (const a of this.rules) {
      const r = a.rule;
      if (!kind(r.kind) || kinds.has(r.kind) || !this.matches(r, endpoint)) continue;
      if (r.page !== undefined && r.page !== page) continue;
      if (this.fires(a)) {
        out.push(r);
        kinds.add(r.kind);
      }
    }
    if (out.length > 0) this.prune();
    return out;
  }
}

/** Breaks one serialized record the way `variant` says. */
export function violate(record: string, variant: ViolationVariant = 'floatAmount'): string {
  const o = JSON.parse(record) as Record<string, unknown>;
  const moneyKey = ['amount', 'billingAmount', 'creditLimit'].find((k) => typeof o[k] === 'object' && o[k] !== null);
  const dateKey = ['bookingDate', 'actualPaymentDate', 'createdAt'].find((k) => typeof o[k] === 'string');
  switch (variant) {
    case 'missingId': {
      const idKey = Object.keys(o).find((k) => k === 'id' || /Id$/.test(k));
      if (idKey) delete o[idKey];
      break;
    }
    case 'floatAmount':
      if (moneyKey)
        (o[moneyKey] as Record<string, unknown>)['value'] = Number((o[moneyKey] as { value: number }).value) + 0.5;
      break;
    case 'stringAmount':
      if (moneyKey) {
        const m = o[moneyKey] as { value: unknown };
        const v = Number(m.value);
        const digits = String(Math.abs(v)).padStart(3, '0');
        m.value = `${v < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
      }
      break;
    case 'badDate':
      if (dateKey) o[dateKey] = '31.02.2025';
      break;
    case 'nullAmount':
      if (moneyKey) o[moneyKey] = null;
      break;
    case 'stringIndex':
      if (typeof o['index'] === 'number') o['index'] = String(o['index']);
      else if (moneyKey)
        (o[moneyKey] as Record<string, unknown>)['value'] = String((o[moneyKey] as { value: number }).value);
      break;
  }
  return JSON.stringify(o);
}
