// Reversible, random-looking UUIDs. An id encodes (kind, serial) with a keyed
// Feistel permutation, so a million ids cost no memory and an id in a request
// is turned back into its row in O(1) without a lookup table.
import { hash2, hash3, hash4 } from './prng.js';

export const IdKind = {
  organization: 1,
  cardholder: 2,
  card: 3,
  cardAccount: 4,
  entry: 5,
  transaction: 6,
  payment: 7,
  receipt: 8,
  callback: 9,
  lead: 10,
  address: 11,
  merchant: 12,
  token: 13,
} as const;
export type IdKind = (typeof IdKind)[keyof typeof IdKind];

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'));

function hex32(w: number): string {
  return (
    (HEX[w >>> 24] as string) +
    (HEX[(w >>> 16) & 0xff] as string) +
    (HEX[(w >>> 8) & 0xff] as string) +
    (HEX[w & 0xff] as string)
  );
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

export class IdCodec {
  private readonly keys: number[][] = [];

  constructor(private readonly seed: number) {
    for (let kind = 0; kind < 16; kind++) {
      this.keys.push([0, 1, 2, 3].map((r) => hash3(seed, kind, r + 100)));
    }
  }

  private permute(x: number, kind: number): number {
    const k = this.keys[kind] as number[];
    let l = x >>> 16;
    let r = x & 0xffff;
    for (let i = 0; i < 4; i++) {
      const f = hash2(r, k[i] as number) & 0xffff;
      const nl = r;
      r = l ^ f;
      l = nl;
    }
    return ((l << 16) | r) >>> 0;
  }

  private unpermute(y: number, kind: number): number {
    const k = this.keys[kind] as number[];
    let l = y >>> 16;
    let r = y & 0xffff;
    for (let i = 3; i >= 0; i--) {
      const pr = l;
      const pl = r ^ (hash2(pr, k[i] as number) & 0xffff);
      l = pl;
      r = pr;
    }
    return ((l << 16) | r) >>> 0;
  }

  encode(kind: IdKind, serial: number): string {
    const w0 = this.permute(serial >>> 0, kind);
    const w1 = ((hash4(this.seed, kind, serial, 1) & 0xffff0fff) | 0x00004000) >>> 0; // version 4
    const w2 = ((hash4(this.seed, kind, serial, 2) & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
    const w3 = hash4(this.seed, kind, serial, 3);
    const h1 = hex32(w1);
    const h2 = hex32(w2);
    return `${hex32(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex32(w3)}`;
  }

  /** The serial an id of this kind encodes, or -1 when it is not one of ours. */
  decode(kind: IdKind, id: string): number {
    if (!UUID_RE.test(id)) return -1;
    const lower = id.toLowerCase();
    const serial = this.unpermute(parseInt(lower.slice(0, 8), 16), kind);
    return this.encode(kind, serial) === lower ? serial : -1;
  }
}
