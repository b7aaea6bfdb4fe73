/** Keeps the client secret and access tokens out of anything we log or throw. */
import { registerSecret } from '../redact.js';

const REDACTED = '[redacted]';
const SECRET_QUERY_PARAM = /token|secret|password|key|signature|auth/i;
/** Tokens change daily; remembering a few recent ones is enough. */
const MAX_TOKENS = 5;

export class Redactor {
  private readonly fixed: string[] = [];
  private tokens: string[] = [];

  addFixed(secret: string | undefined): void {
    if (secret) this.fixed.push(secret);
  }

  addToken(token: string): void {
    // The process-wide log redaction learns every token too (src/redact.ts).
    registerSecret(token);
    this.tokens = [token, ...this.tokens.filter((t) => t !== token)].slice(0, MAX_TOKENS);
  }

  text(value: string): string {
    let out = value;
    for (const secret of [...this.fixed, ...this.tokens]) {
      // Very short secrets (e.g. the simulator's) would mangle ordinary words.
      if (secret.length >= 8) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
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

/** Opaque response text for messages: trimmed, one line, at most `max` characters. */
export function shorten(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}
