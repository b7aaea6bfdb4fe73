// /__admin: the simulator's own controls (not part of Pliant's API). No auth:
// the simulator listens on 127.0.0.1 by default.
import type { FaultRule } from '../faults.js';
import type { AdminRequest } from './http.js';
import { apiError, badRequest, json, type Reply } from './reply.js';

/** What the admin endpoints can drive; the running simulator implements it. */
export interface AdminTarget {
  summary(): unknown;
  advance(days: number): unknown;
  faultList(): unknown;
  setFaults(rules: FaultRule[]): void;
  addFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  setCallbackUrl(url: string | null): void;
  callbackLog(limit: number): unknown;
  inject(organizationId: string | undefined, rows: number): number;
  expireTokens(): number;
  setRateLimit(o: { requests: number; windowSeconds: number }): void;
  resetRateLimit(): void;
  setTokenQuota(o: { perHour: number; perDay: number }): void;
  stats(): unknown;
  resetStats(): void;
}

export const ADMIN_HELP = {
  'GET /__admin/summary': 'counts and sums per organization, the clock',
  'POST /__admin/advance': '{"days": n}: move the clock, booking each day',
  'GET /__admin/faults': 'active fault rules with their counters',
  'PUT /__admin/faults': '[rules] or {"rules": [...]}: replace all rules',
  'POST /__admin/faults': '[rules] or a rule: add rules',
  'DELETE /__admin/faults': 'remove all rules',
  'PUT /__admin/callback-url': '{"url": "http://…" | null}',
  'GET /__admin/callbacks': 'callbacks sent and delivery attempts (?limit=n)',
  'POST /__admin/inject': '{"organizationId"?: id, "rows": n}: book n entries now',
  'POST /__admin/expire-tokens': 'every issued token answers 401 from now on',
  'PUT /__admin/rate-limit': '{"requests": n, "windowSeconds": s} (resets the counters)',
  'DELETE /__admin/rate-limit': 'reset the rate-limit counters',
  'PUT /__admin/token-quota': '{"perHour": n, "perDay": n} (resets the counters)',
  'GET /__admin/stats': 'requests per route and status, tokens issued, 429s',
  'DELETE /__admin/stats': 'reset the request counters',
};

function positiveInt(v: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
    throw new Error(`${name} must be an integer from 1 to ${max}`);
  return v;
}

function rulesOf(body: unknown): FaultRule[] {
  if (Array.isArray(body)) return body as FaultRule[];
  if (typeof body === 'object' && body !== null) {
    const rules = (body as { rules?: unknown }).rules;
    if (Array.isArray(rules)) return rules as FaultRule[];
    return [body as FaultRule];
  }
  throw new Error('expected a fault rule, a list of rules or {"rules": [...]}');
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

export function adminRequest(target: AdminTarget, req: AdminRequest): Reply {
  const route = `${req.method} ${req.path}`;
  try {
    switch (route) {
      case 'GET /__admin':
        return json(200, ADMIN_HELP);
      case 'GET /__admin/summary':
        return json(200, target.summary());
      case 'POST /__admin/advance':
        return json(200, target.advance(positiveInt(field(req.body, 'days') ?? 1, 'days', 3660)));
      case 'GET /__admin/faults':
        return json(200, { rules: target.faultList() });
      case 'PUT /__admin/faults':
        target.setFaults(rulesOf(req.body));
        return json(200, { rules: target.faultList() });
      case 'POST /__admin/faults':
        target.addFaults(rulesOf(req.body));
        return json(200, { rules: target.faultList() });
      case 'DELETE /__admin/faults':
        target.clearFaults();
        return json(200, { rules: [] });
      case 'PUT /__admin/callback-url':
      case 'POST /__admin/callback-url': {
        const url = field(req.body, 'url');
        if (url !== null && (typeof url !== 'string' || !/^https?:\/\//.test(url)))
          throw new Error('url must be an http(s) URL or null');
        target.setCallbackUrl(url);
        return json(200, { url });
      }
      case 'GET /__admin/callbacks':
        return json(200, target.callbackLog(Number(req.query.get('limit') ?? 200)));
      case 'POST /__admin/inject': {
        const org = field(req.body, 'organizationId');
        if (org !== undefined && typeof org !== 'string') throw new Error('organizationId must be a string');
        return json(200, { booked: target.inject(org, positiveInt(field(req.body, 'rows') ?? 1, 'rows', 100000)) });
      }
      case 'POST /__admin/expire-tokens':
        return json(200, { expired: target.expireTokens() });
      case 'PUT /__admin/rate-limit':
      case 'POST /__admin/rate-limit':
        target.setRateLimit({
          requests: positiveInt(field(req.body, 'requests'), 'requests'),
          windowSeconds: positiveInt(field(req.body, 'windowSeconds'), 'windowSeconds'),
        });
        return json(200, { ok: true });
      case 'DELETE /__admin/rate-limit':
        target.resetRateLimit();
        return json(200, { ok: true });
      case 'PUT /__admin/token-quota':
      case 'POST /__admin/token-quota':
        target.setTokenQuota({
          perHour: positiveInt(field(req.body, 'perHour'), 'perHour'),
          perDay: positiveInt(field(req.body, 'perDay'), 'perDay'),
        });
        return json(200, { ok: true });
      case 'GET /__admin/stats':
        return json(200, target.stats());
      case 'DELETE /__admin/stats':
        target.resetStats();
        return json(200, { ok: true });
      default:
        return apiError(404, 'NOT_FOUND', `no admin endpoint ${route}; GET /__admin lists them`);
    }
  } catch (e) {
    return badRequest(e instanceof Error ? e.message : String(e));
  }
}
