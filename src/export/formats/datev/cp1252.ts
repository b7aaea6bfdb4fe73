/**
 * Windows-1252, the character set DATEV reads unless a file starts with a UTF-8 BOM. Latin-1
 * would lose €, „ “ and –, which German merchant names use. Characters cp1252 lacks are
 * replaced by "?" and reported, never dropped silently.
 */

/** 0x80–0x9F; null where cp1252 defines no character. */
const HIGH: (number | null)[] = [
  0x20ac,
  null,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  null,
  0x017d,
  null,
  null,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  null,
  0x017e,
  0x0178,
];

const ENCODE = new Map<number, number>();
for (let b = 0; b < 256; b++) {
  const cp = b >= 0x80 && b <= 0x9f ? HIGH[b - 0x80] : b;
  if (cp !== null && cp !== undefined) ENCODE.set(cp, b);
}

export const REPLACEMENT = '?';

/** The text with every character cp1252 lacks replaced, and those characters in order. */
export function toCp1252Text(text: string): { text: string; replaced: string[] } {
  const replaced: string[] = [];
  let out = '';
  // NFC first: "e" + combining accent becomes "é", which cp1252 has.
  for (const ch of text.normalize('NFC')) {
    if (ENCODE.has(ch.codePointAt(0)!)) out += ch;
    else {
      replaced.push(ch);
      out += REPLACEMENT;
    }
  }
  return { text: out, replaced };
}

/** Bytes of text that `toCp1252Text` has already cleaned (throws on anything else: a bug). */
export function encodeCp1252(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // ASCII and Latin-1 (except the C1 range cp1252 reuses) map to themselves.
    const b = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : ENCODE.get(code);
    if (b === undefined) throw new Error(`encodeCp1252: U+${code.toString(16).toUpperCase()} has no cp1252 byte`);
    bytes[i] = b;
  }
  return bytes;
}

/** The text of cp1252 bytes, and the offsets of bytes cp1252 leaves undefined. */
export function decodeCp1252(bytes: Uint8Array): { text: string; undefinedBytes: number[] } {
  const undefinedBytes: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 && b <= 0x9f && HIGH[b - 0x80] === null) undefinedBytes.push(i);
  }
  // Latin-1 is cp1252 except at 0x80–0x9F, where cp1252 puts €, „, – and the like.
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (ch) => String.fromCharCode(HIGH[ch.charCodeAt(0) - 0x80] ?? 0xfffd));
  return { text, undefinedBytes };
}

export const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
