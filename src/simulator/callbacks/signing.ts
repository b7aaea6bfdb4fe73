// Ed25519 keys for signing callbacks, derived from the seed (same seed, same
// keys), and the JWKS the API publishes. The previous key stays in the set, as
// during a key rotation.
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  use: 'sig';
  alg: 'EdDSA';
}

function keyPair(seed: number, generation: number): { privateKey: KeyObject; jwk: Jwk } {
  const raw = createHash('sha256').update(`pliant-simulator-signing:${seed}:${generation}`).digest();
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw]), format: 'der', type: 'pkcs8' });
  const pub = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const kid = createHash('sha256').update(pub.x).digest('hex').slice(0, 16);
  return { privateKey, jwk: { kty: 'OKP', crv: 'Ed25519', x: pub.x, kid, use: 'sig', alg: 'EdDSA' } };
}

export class SigningKeys {
  private readonly current: { privateKey: KeyObject; jwk: Jwk };
  private readonly previous: { privateKey: KeyObject; jwk: Jwk };

  constructor(seed: number) {
    this.current = keyPair(seed, 1);
    this.previous = keyPair(seed, 0);
  }

  get kid(): string {
    return this.current.jwk.kid;
  }

  jwks(): { keys: Jwk[] } {
    return { keys: [this.current.jwk, this.previous.jwk] };
  }

  /** Standard Webhooks, asymmetric: "v1a,<base64 Ed25519 signature of id.timestamp.body>". */
  signature(id: string, timestamp: number, body: string): string {
    const sig = sign(null, Buffer.from(`${id}.${timestamp}.${body}`, 'utf8'), this.current.privateKey);
    return `v1a,${sig.toString('base64')}`;
  }
}
