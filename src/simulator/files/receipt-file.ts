// The bytes of a receipt: generated on request from (receipt, version), so no
// file is ever stored and every receipt's sha256 differs.
import { CURRENCIES } from '../model/currencies.js';
import { MERCHANTS } from '../model/merchants.js';
import type { World } from '../store/world.js';
import { hash2, hashString } from '../util/prng.js';
import { DAY_SECONDS, formatDate } from '../util/time.js';
import { makeJpeg } from './jpeg.js';
import { makePdf } from './pdf.js';
import { makePng } from './png.js';

export const CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

function amountText(minor: number, digits: number): string {
  const abs = Math.abs(minor);
  if (digits === 0) return `${minor < 0 ? '-' : ''}${abs}`;
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit);
  return `${minor < 0 ? '-' : ''}${whole}.${String(abs - whole * unit).padStart(digits, '0')}`;
}

export function receiptFile(w: World, row: number): { contentType: string; body: Buffer } {
  const r = w.receipts;
  const t = w.transactions;
  const tx = r.tx[row]!;
  const mime = r.mime[row]!;
  const id = w.receiptId(row);
  const version = r.version[row]!;
  const tag = `receipt ${id} v${version + 1}`;
  const merchant = MERCHANTS[t.merchant[tx]!]!;
  const cur = CURRENCIES[t.currency[tx]!]!;
  if (mime === 0) {
    const body = makePdf([
      merchant.legalName,
      `${merchant.city}, ${merchant.country}`,
      `Date: ${formatDate(Math.floor(t.createdSec[tx]! / DAY_SECONDS))}`,
      `Total: ${amountText(-t.txAmount[tx]!, cur.digits)} ${cur.code}`,
      tag,
    ]);
    return { contentType: CONTENT_TYPES[0], body };
  }
  const h = hash2(hashString(id), version);
  if (mime === 1) {
    const body = makePng(12, 16, (x, y) => (hash2(h, y * 12 + x) & 0x3f3f3f) | 0xc0c0c0, tag);
    return { contentType: CONTENT_TYPES[1], body };
  }
  return { contentType: CONTENT_TYPES[2], body: makeJpeg(h & 15, tag) };
}
