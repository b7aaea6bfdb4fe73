/**
 * Removes secrets from anything about to be logged. Three nets, because one is never enough:
 * keys that name a secret, values registered as secrets at runtime (client secret, access
 * tokens), and textual patterns (Bearer tokens, passwords inside connection URLs).
 */
const SECRET_KEY = /secret|token|authorization|password|passwd|cookie|api[-_]?key/i;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi;
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]+:)[^@/\s]+@/gi;
const JSON_SECRET_FIELD = /("(?:client_secret|access_token|refresh_token|id_token|password)"\s*:\s*)"[^"]*"/gi;
export const REDACTED = '[redacted]';

const registered = new Set<string>();

/** Registers a value (at least 4 characters) that must never appear in a log line. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) registered.add(value);
}

export function redactText(text: string): string {
  let out = text.replace(BEARER, `$1 ${REDACTED}`).replace(URL_PASSWORD, `$1${REDACTED}@`).replace(JSON_SECRET_FIELD, `$1"${REDACTED}"`);
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
