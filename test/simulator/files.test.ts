// Receipt files are small but valid: PDF with a correct xref, PNG with correct
// CRCs and image data, baseline JPEG with well-formed segments.
import { createHash } from 'node:crypto';
import { crc32, inflateSync } from 'node:zlib';

import { generateDataset, receiptFile, World } from '../../src/simulator/index.js';
import { receiptFileName } from '../../src/simulator/serialize/records.js';

const w = generateDataset({ seed: 4, orgs: 3, days: 40, now: '2025-06-01T00:00:00Z' });

function firstOf(mime: number, replaced = false): number {
  for (let r = 0; r < w.receipts.length; r++) {
    if (w.receipts.mime[r] === mime && !w.receipts.deleted[r] && w.receipts.version[r]! > 0 === replaced) return r;
  }
  throw new Error(`no receipt of mime ${mime}`);
}

function checkPdf(buf: Buffer): void {
  const text = buf.toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)![1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  expect(offsets.length).toBe(5);
  offsets.forEach((off, i) => expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
  const stream = /<< \/Length (\d+) >>\nstream\n/.exec(text)!;
  const start = stream.index + stream[0].length;
  expect(text.slice(start + Number(stream[1]), start + Number(stream[1]) + 10)).toBe('\nendstream');
}

function checkPng(buf: Buffer): void {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let p = 8;
  const types: string[] = [];
  let width = 0;
  let height = 0;
  let idat = Buffer.alloc(0);
  while (p < buf.length) {
    const len = buf.readUInt32BE(p);
    const type = buf.toString('latin1', p + 4, p + 8);
    const data = buf.subarray(p + 8, p + 8 + len);
    expect(buf.readUInt32BE(p + 8 + len)).toBe(crc32(buf.subarray(p + 4, p + 8 + len)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 2]);
    }
    if (type === 'IDAT') idat = Buffer.concat([idat, data]);
    types.push(type);
    p += 12 + len;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  expect(inflateSync(idat).length).toBe(height * (1 + width * 3));
}

function checkJpeg(buf: Buffer): void {
  expect([buf[0], buf[1]]).toEqual([0xff, 0xd8]);
  expect([buf[buf.length - 2], buf[buf.length - 1]]).toEqual([0xff, 0xd9]);
  const markers: number[] = [];
  let p = 2;
  for (;;) {
    expect(buf[p]).toBe(0xff);
    const marker = buf[p + 1]!;
    markers.push(marker);
    const len = buf.readUInt16BE(p + 2);
    if (marker === 0xc0) expect([buf.readUInt16BE(p + 5), buf.readUInt16BE(p + 7)]).toEqual([8, 8]);
    p += 2 + len;
    if (marker === 0xda) break;
  }
  expect(markers).toEqual([0xe0, 0xfe, 0xdb, 0xc0, 0xc4, 0xc4, 0xda]);
  // entropy-coded data: no bare 0xFF before EOI
  const scan = buf.subarray(p, buf.length - 2);
  for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) expect(scan[i + 1]).toBe(0);
}

describe('receipt files', () => {
  it('serves a valid PDF, PNG and JPEG with their content types', () => {
    const pdf = receiptFile(w, firstOf(0));
    expect(pdf.contentType).toBe('application/pdf');
    checkPdf(pdf.body);
    const png = receiptFile(w, firstOf(1));
    expect(png.contentType).toBe('image/png');
    checkPng(png.body);
    const jpg = receiptFile(w, firstOf(2));
    expect(jpg.contentType).toBe('image/jpeg');
    checkJpeg(jpg.body);
  });

  it('gives every receipt its own bytes, and new bytes and name when replaced', () => {
    const hashes = new Set<string>();
    let n = 0;
    for (let r = 0; r < w.receipts.length && n < 300; r++, n++) {
      hashes.add(createHash('sha256').update(receiptFile(w, r).body).digest('hex'));
    }
    expect(hashes.size).toBe(n);
    const r = firstOf(0, true);
    const before = createHash('sha256').update(receiptFile(w, r).body).digest('hex');
    const name = receiptFileName(w, r);
    w.replaceReceipt(r, w.nowSec, 0, 0);
    expect(createHash('sha256').update(receiptFile(w, r).body).digest('hex')).not.toBe(before);
    expect(receiptFileName(w, r)).not.toBe(name);
  });

  it('is the same for the same seed', () => {
    const make = (): World => generateDataset({ seed: 4, orgs: 3, days: 20, now: '2025-06-01T00:00:00Z' });
    const a = make();
    const b = make();
    for (let r = 0; r < 30; r++) expect(receiptFile(a, r).body.equals(receiptFile(b, r).body)).toBe(true);
  });
});
