// Bearer tokens: JWT-shaped like Auth0's (a client may peek at `exp`), but
// checked against the issued set, so they can be expired on demand.
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  clientId: string;
  clientSecret: string;
  audience: string;
}

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString('base64url');
}

export class TokenStore {
  private issued = new Map<string, number>();
  private counter = 0;
  private readonly key: Buffer;

  constructor(
    seed: number,
    public ttlSeconds: number,
  ) {
    this.key = createHash('sha256').update(`pliant-simulator-token:${seed}`).digest();
  }

  issue(creds: Credentials, nowMs: number): { token: string; expiresIn: number } {
    const iat = Math.floor(nowMs / 1000);
    const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'simulator' }));
    const payload = b64url(
      JSON.stringify({
        iss: 'http://pliant-simulator/',
        sub: `${creds.clientId}@clients`,
        aud: creds.audience,
        iat,
        exp: iat + this.ttlSeconds,
        gty: 'client-credentials',
        jti: String(++this.counter),
      }),
    );
    const sig = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${sig}`;
    this.issued.set(token, nowMs + this.ttlSeconds * 1000);
    return { token, expiresIn: this.ttlSeconds };
  }

  /** 'ok', 'unknown' or 'expired' */
  check(token: string, nowMs: number): 'ok' | 'unknown' | 'expired' {
    const exp = this.issued.get(token);
    if (exp === undefined) return 'unknown';
    if (nowMs >= exp) return 'expired';
    return 'ok';
  }

  /** Makes every issued token expire now (to test a client's single re-auth). */
  expireAll(): number {
    const n = this.issued.size;
    for (const t of this.issued.keys()) this.issued.set(t, 0);
    return n;
  }
}
