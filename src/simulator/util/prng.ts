// Deterministic randomness. Every stream is derived from the seed plus a few
// integers (organization, day, purpose), so a day's activity does not depend on
// how much randomness earlier days consumed.

/** murmur3's finalizer: a cheap, well-mixing 32-bit bijection. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash2(a: number, b: number): number {
  return mix32(Math.imul(mix32(a ^ 0x9e3779b9), 0x01000193) ^ mix32(b + 0x7f4a7c15));
}

export function hash3(a: number, b: number, c: number): number {
  return hash2(hash2(a, b), c);
}

export function hash4(a: number, b: number, c: number, d: number): number {
  return hash2(hash2(hash2(a, b), c), d);
}

/** FNV-1a of a string, for seeding from labels and hashing ids. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** sfc32: small, fast, 128-bit state; integers only. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(s0: number, s1 = 0, s2 = 0, s3 = 0) {
    this.a = hash2(s0, 1);
    this.b = hash3(s0, s1, 2);
    this.c = hash4(s0, s1, s2, 3);
    this.d = hash4(s1, s2, s3, hash2(s0, 4));
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** 0 ≤ result < n (n ≥ 1). The modulo bias is irrelevant at our sizes. */
  int(n: number): number {
    return this.u32() % n;
  }

  /** lo ≤ result ≤ hi */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** true with probability per/of */
  chance(per: number, of: number): boolean {
    return this.int(of) < per;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** index into `weights`, chosen proportionally to the (integer) weights */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.int(total);
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
