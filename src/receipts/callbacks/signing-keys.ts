/**
 * Pliant's callback signing keys, fetched through our client and cached. A signature that no
 * cached key verifies may come from a key Pliant just added (rotation), so the keys are
 * fetched again once, but at most every `minRefreshMs`: forged callbacks cannot make us
 * hammer the API.
 */
import type { KeyObject } from 'node:crypto';

import type { Logger } from '../../logger.js';
import type { Jwks } from '../../pliant/schemas.js';
import { ed25519Keys } from './signature.js';

export const MIN_REFRESH_MS = 60_000;

export class SigningKeyCache {
  private keys: KeyObject[] | undefined;
  private attemptedAt = 0;
  private pending: Promise<KeyObject[]> | undefined;

  constructor(
    private readonly fetchJwks: () => Promise<Jwks>,
    private readonly logger: Logger,
    private readonly minRefreshMs = MIN_REFRESH_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached keys, fetched on first use. Throws when they cannot be fetched. */
  async current(): Promise<KeyObject[]> {
    return this.keys ?? this.fetch();
  }

  /** Fresh keys, unless they were fetched less than `minRefreshMs` ago (then undefined). */
  async refresh(): Promise<KeyObject[] | undefined> {
    if (this.pending) return this.pending;
    if (this.attemptedAt > 0 && this.now() - this.attemptedAt < this.minRefreshMs) return undefined;
    return this.fetch();
  }

  private fetch(): Promise<KeyObject[]> {
    this.pending ??= (async () => {
      this.attemptedAt = this.now();
      try {
        const jwks = await this.fetchJwks();
        const keys = ed25519Keys(jwks.keys);
        if (keys.length === 0) throw new Error('the signing-keys endpoint lists no Ed25519 key');
        this.keys = keys;
        this.logger.info(`Callback signing keys fetched: ${keys.length} Ed25519 key(s)`);
        return keys;
      } finally {
        this.pending = undefined;
      }
    })();
    return this.pending;
  }
}
