/** Sends callbacks to a receiver the way Pliant does (Standard Webhooks, Ed25519), signed by the simulator's keys or others. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { SigningKeys } from '../../src/simulator/callbacks/signing.js';

export interface Signer {
  signature(id: string, timestamp: number, body: string): string;
}

/** A key Pliant never published. */
export function strangerKey(): Signer & { jwk: Record<string, string>; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  return {
    privateKey,
    jwk: { ...jwk, kid: `stranger-${jwk['x']!.slice(0, 8)}`, use: 'sig', alg: 'EdDSA' },
    signature: (id, timestamp, body) =>
      `v1a,${sign(null, Buffer.from(`${id}.${timestamp}.${body}`), privateKey).toString('base64')}`,
  };
}

export const simulatorSigner = (seed: number): Signer => new SigningKeys(seed);

export interface CallbackOptions {
  signer: Signer;
  callbackId?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sent instead of the body that was signed. */
  sendBody?: string;
  headers?: Record<string, string>;
}

let counter = 0;

export async function postCallback(
  url: string,
  payload: unknown,
  options: CallbackOptions,
): Promise<{ status: number; body: unknown }> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const id = options.callbackId ?? `test-callback-${process.pid}-${++counter}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-callback-id': id,
      'x-callback-created-at': new Date().toISOString(),
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': options.signer.signature(id, timestamp, body),
      ...options.headers,
    },
    body: options.sendBody ?? body,
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body: parsed };
}
