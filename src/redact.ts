/**
 * The one redactor: removes secrets from anything logged, thrown or printed. Three nets,
 * because one is never enough: keys that name a secret, values registered as secrets at
 * runtime (the client secret by the API client that holds it, access tokens as they arrive),
 * and textual patterns (Bearer tokens, passwords inside connection URLs).
 */
const SECRET_KEY = /secret|token|authorization|password|passwd|cookie|api[-_]?key/i;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)[^@/\s]+@/gi;
const JSON_SECRET_FIELD = /("(?:client_secret|access_token|refresh_token|id_token|password)"\s*:\s*)"[^"]*"/gi;
export const REDACTED = '[redacted]';

const SECRET_QUERY_PARAM = /token|secret|password|key|signature|auth/i;
/** Shorter values are not registered: blanking them would mangle ordinary words in messages. */
export const MIN_SECRET_LENGTH = 8;

const registered = new Set<string>();

/** The one way a secret is registered: from then on it never appears in a log line or message. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) registered.add(value);
}

export function redactText(text: string): string {
  let out = text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(JSON_SECRET_FIELD, `$1"${REDACTED}"`);
  for (const secret of registered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Deep copy of `value` with secrets removed; errors become plain objects with message and stack. */
export function redact(value: unknown, key = '', seen = new WeakSet<object>()): unknown {
  if (key && SECRET_KEY.test(key) && value !== undefined && value !== null && value !== '') return REDACTED;
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    if (value.stack) out.stack = redactText(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, seen);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, '', seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redact(v, k, seen);
  return out;
}

/** The URL without user info and with secret-looking query values hidden. */
export function safeUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return '(invalid URL)';
  }
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_QUERY_PARAM.test(name)) parsed.searchParams.set(name, REDACTED);
  }
  return parsed.toString();
}
