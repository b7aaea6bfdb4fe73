// The HTTP front: routing, the real rate limit, faults, bearer and version
// checks, then the route. Order matters and mirrors Pliant's: the gateway's
// rate limit first, then whatever goes wrong upstream, then auth.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { violate, type FaultPlan, type FaultRule } from '../faults.js';
import { API_ROUTES, type ApiContext } from './api-routes.js';
import { Params } from './params.js';
import { rateLimitBody, type RateLimiter } from './rate-limit.js';
import { apiError, badRequest, envelope, HttpError, type Reply } from './reply.js';
import type { RequestStats } from './stats.js';
import { tokenRequest, type TokenDeps } from './token-route.js';

export interface AdminRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface HttpDeps {
  api: ApiContext;
  faults: FaultPlan;
  limiter: RateLimiter;
  token: TokenDeps;
  stats: RequestStats;
  apiVersions: readonly string[];
  admin: (req: AdminRequest) => Reply | Promise<Reply>;
  /** books `rows` new entries (the insertRows fault); the organization id or the listed one */
  insertRows: (organizationId: string | undefined, fallbackOrg: string | undefined, rows: number) => void;
  log?: (line: string) => void;
}

const MAX_BODY = 1 << 20;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(apiError(413, 'PAYLOAD_TOO_LARGE', 'request body over 1 MiB')));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string | number> = { ...(reply.headers ?? {}) };
  let body: Buffer | undefined;
  if (reply.status !== 204 && reply.body !== undefined) {
    body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    headers['content-type'] = reply.contentType ?? 'application/json; charset=utf-8';
    headers['content-length'] = body.length;
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

function faultReply(rule: FaultRule, deps: HttpDeps): Reply | null {
  switch (rule.kind) {
    case 'status': {
      const status = rule.status ?? 500;
      if (rule.body !== undefined) return { status, body: rule.body, contentType: 'text/plain; charset=utf-8' };
      if (status === 503) {
        // what a load balancer in front of the API sends: not the API's error shape
        return {
          status,
          body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
          contentType: 'text/html',
        };
      }
      return apiError(status, status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'SIMULATED_ERROR', `simulated ${status}`);
    }
    case 'storm':
      return {
        status: 429,
        body: rateLimitBody(deps.limiter.options),
        contentType: 'application/json',
        headers: rule.retryAfter !== undefined ? { 'retry-after': String(rule.retryAfter) } : undefined,
      };
    case 'noContent':
      return { status: 204 };
    default:
      return null;
  }
}

function truncate(body: string): string {
  // cut in the middle of the JSON: a client must fail cleanly, not hang or half-store
  return body.length > 16 ? body.slice(0, Math.floor(body.length / 2)) : '{"data":[{"id":';
}

export function createRequestHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = Date.now();
    handle(deps, req, res)
      .catch((e: unknown) => {
        const reply =
          e instanceof HttpError
            ? e.reply
            : apiError(500, 'INTERNAL_SERVER_ERROR', e instanceof Error ? e.message : String(e));
        if (!res.headersSent && !res.destroyed) send(res, reply);
      })
      .finally(() =>
        deps.log?.(
          `${req.method} ${req.url} → ${res.destroyed && !res.writableFinished ? 'reset' : res.statusCode} ${Date.now() - started} ms`,
        ),
      );
  };
}

async function handle(deps: HttpDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  const raw = method === 'POST' || method === 'PUT' || method === 'DELETE' ? await readBody(req) : '';

  if (path === '/__admin' || path.startsWith('/__admin/')) {
    let body: unknown = undefined;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, badRequest('admin body must be JSON'));
      }
    }
    return send(res, await deps.admin({ method, path: path.replace(/\/+$/, ''), query: url.searchParams, body }));
  }

  const isToken = path === '/oauth/token';
  const isApi = path.startsWith('/api/');
  if (!isToken && !isApi) return send(res, apiError(404, 'NOT_FOUND', `no such path: ${path}`));

  const sub = isApi ? path.slice('/api'.length) : '';
  let match: RegExpExecArray | null = null;
  const route = isApi ? API_ROUTES.find((r) => (match = r.pattern.exec(sub)) !== null) : undefined;
  const name = isToken ? 'token' : (route?.name ?? 'unknown');
  const finish = (reply: Reply): void => {
    deps.stats.record(name, reply.status);
    send(res, reply);
  };

  // the real limit: per client address, API only (the token endpoint is Auth0's)
  if (isApi && !deps.limiter.hit(req.socket.remoteAddress ?? 'unknown', Date.now())) {
    deps.stats.rateLimited++;
    return finish({ status: 429, body: rateLimitBody(deps.limiter.options), contentType: 'application/json' });
  }

  const pre = deps.faults.beforeRequest(name);
  deps.stats.faultsFired += pre.length;
  if (pre.some((r) => r.kind === 'reset')) {
    deps.stats.record(name, 0);
    // RST rather than FIN where the platform allows it
    const s = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
    if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
    else s.destroy();
    return;
  }
  const slow = pre.find((r) => r.kind === 'slow');
  if (slow) await sleep(slow.delayMs ?? 1000);
  for (const rule of pre) {
    const reply = faultReply(rule, deps);
    if (reply) return finish(reply);
  }
  const malformed = pre.some((r) => r.kind === 'malformed');

  let reply: Reply;
  if (isToken) {
    reply =
      method === 'POST'
        ? tokenRequest(deps.token, raw, String(req.headers['content-type'] ?? ''), Date.now())
        : apiError(405, 'METHOD_NOT_ALLOWED', 'use POST');
  } else {
    reply = checkAccess(deps, req) ?? runRoute(deps, route, match, method, url, raw);
  }

  let after: FaultRule[] = [];
  let listedOrg: string | undefined = url.searchParams.get('organizationId') ?? undefined;
  if (reply.page) {
    const info = reply.page;
    listedOrg = info.org?.id ?? listedOrg;
    after = deps.faults.afterPage(name, info.page);
    deps.stats.faultsFired += after.length;
    const violation = after.find((r) => r.kind === 'violation');
    if (violation && info.records.length > 0) info.records[0] = violate(info.records[0]!, violation.variant);
    reply = { ...reply, body: envelope(info.records, info.hasNextPage), page: undefined };
  }
  if (malformed && typeof reply.body === 'string') reply = { ...reply, status: 200, body: truncate(reply.body) };
  finish(reply);

  for (const rule of after) {
    if (rule.kind === 'insertRows') deps.insertRows(rule.organizationId, listedOrg, rule.rows ?? 1);
  }
}

function checkAccess(deps: HttpDeps, req: IncomingMessage): Reply | null {
  const auth = req.headers['authorization'];
  const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  if (!m) {
    return { ...apiError(401, 'UNAUTHORIZED', 'missing bearer token'), headers: { 'www-authenticate': 'Bearer' } };
  }
  const state = deps.token.tokens.check(m[1]!, Date.now());
  if (state !== 'ok') {
    return {
      ...apiError(401, 'UNAUTHORIZED', state === 'expired' ? 'token expired' : 'invalid token'),
      headers: { 'www-authenticate': `Bearer error="invalid_token"` },
    };
  }
  const version = req.headers['pliant-api-version'];
  if (typeof version !== 'string' || !deps.apiVersions.includes(version)) {
    return apiError(
      400,
      'API_VERSION_NOT_SUPPORTED',
      version ? `Pliant-API-Version ${String(version)} is not supported` : 'Pliant-API-Version header is required',
    );
  }
  return null;
}

function runRoute(
  deps: HttpDeps,
  route: (typeof API_ROUTES)[number] | undefined,
  match: RegExpExecArray | null,
  method: string,
  url: URL,
  raw: string,
): Reply {
  if (!route || !match) return apiError(404, 'NOT_FOUND', `no such endpoint: ${url.pathname}`);
  if (route.method !== method) return apiError(405, 'METHOD_NOT_ALLOWED', `use ${route.method}`);
  try {
    return route.handle(deps.api, {
      params: new Params(url.searchParams),
      match,
      body: () => {
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          throw new HttpError(badRequest('body: not valid JSON'));
        }
      },
    });
  } catch (e) {
    if (e instanceof HttpError) return e.reply;
    throw e;
  }
}
