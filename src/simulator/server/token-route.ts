// POST /oauth/token, as Auth0 answers it: client credentials only, the quota
// header on every answer for a known client, 429 past the quota.
// Wrong client id or secret → 401 access_denied; wrong audience → 403.
import { json, type Reply } from './reply.js';
import type { TokenQuota } from './token-quota.js';
import type { Credentials, TokenStore } from './tokens.js';

export interface TokenDeps {
  creds: Credentials;
  tokens: TokenStore;
  quota: TokenQuota;
  onIssued: () => void;
}

function oauthError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

function parse(raw: string, contentType: string): Record<string, unknown> | null {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    const v = JSON.parse(raw) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function tokenRequest(deps: TokenDeps, raw: string, contentType: string, nowMs: number): Reply {
  const b = parse(raw, contentType);
  if (!b) return oauthError(400, 'invalid_request', 'The request body must be JSON or form-encoded');
  if (b['grant_type'] !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${String(b['grant_type'] ?? '')}`);
  }
  const { creds } = deps;
  if (b['client_id'] !== creds.clientId || b['client_secret'] !== creds.clientSecret) {
    return oauthError(401, 'access_denied', 'Unauthorized');
  }
  if (b['audience'] !== creds.audience) {
    return oauthError(403, 'access_denied', `Service not enabled within domain: ${String(b['audience'] ?? '')}`);
  }
  const q = deps.quota.take(creds.clientId, nowMs);
  const headers = { 'auth0-client-quota-limit': q.header };
  if (!q.allowed) return { ...oauthError(429, 'too_many_requests', 'Client quota exceeded'), headers };
  const { token, expiresIn } = deps.tokens.issue(creds, nowMs);
  deps.onIssued();
  return { ...json(200, { access_token: token, expires_in: expiresIn, token_type: 'Bearer' }), headers };
}
