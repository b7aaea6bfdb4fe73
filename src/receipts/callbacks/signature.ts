/**
 * Standard Webhooks, asymmetric (Ed25519): `webhook-signature: v1a,<base64>` (several,
 * space-separated, during a key rotation) over `<webhook-id>.<webhook-timestamp>.<raw body>`.
 * Verified with node:crypto only, against the public keys Pliant publishes.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

import type { Jwk } from '../../pliant/schemas.js';

/** Standard Webhooks' tolerance: older or newer than this is refused (replays of old captures). */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;
const SCHEME = 'v1a';

export interface SignedCallback {
  id: string;
  timestamp: string;
  signatures: string;
  body: Buffer;
}

/** Why the timestamp is not acceptable, or undefined when it is. */
export function timestampProblem(timestamp: string, nowMs: number): string | undefined {
  if (!/^\d{1,12}$/.test(timestamp)) return 'webhook-timestamp is not a Unix time in seconds';
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew <= TIMESTAMP_TOLERANCE_SECONDS) return undefined;
  return `webhook-timestamp is ${Math.round(skew)} s away from now (at most ${TIMESTAMP_TOLERANCE_SECONDS} s allowed)`;
}

/** True when one of the `v1a` signatures verifies with one of the keys. */
export function verifySignature(callback: SignedCallback, keys: readonly KeyObject[]): boolean {
  const signed = Buffer.concat([Buffer.from(`${callback.id}.${callback.timestamp}.`, 'utf8'), callback.body]);
  const signatures = callback.signatures
    .split(' ')
    .map((part) => part.split(','))
    .filter(([scheme, value]) => scheme === SCHEME && value)
    .map(([, value]) => Buffer.from(value!, 'base64'));
  return signatures.some(
    (signature) => signature.length === 64 && keys.some((key) => verify(null, signed, key, signature)),
  );
}

/** The Ed25519 public keys of a JWKS; other key types are skipped. */
export function ed25519Keys(keys: readonly Jwk[]): KeyObject[] {
  return keys
    .filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519' && typeof k.x === 'string' && k.x.length > 0)
    .map((k) => createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: k.x! }, format: 'jwk' }));
}
