// The smallest honest baseline JPEG: one 8×8 grayscale block of a flat tone.
// One-symbol Huffman tables (DC category `c`, AC end-of-block) keep the
// entropy-coded data to a byte or two; a COM segment carries the receipt id.

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

function oneSymbolTable(tableClass: number, symbol: number): Buffer {
  const bits = Buffer.alloc(16);
  bits[0] = 1; // one code of length 1: "0"
  return Buffer.concat([Buffer.from([tableClass << 4]), bits, Buffer.from([symbol])]);
}

/** `tone` 0..15 picks the gray level (128 + 8·tone). */
export function makeJpeg(tone: number, comment: string): Buffer {
  // DC difference d = tone; its category is the bit length of d
  const d = tone & 15;
  const category = d === 0 ? 0 : 32 - Math.clz32(d);
  // bits: DC code "0", then `category` bits of d, then AC EOB code "0", padded with 1s
  let bitString = '0' + (category > 0 ? d.toString(2).padStart(category, '0') : '') + '0';
  while (bitString.length % 8 !== 0) bitString += '1';
  const scan: number[] = [];
  for (let i = 0; i < bitString.length; i += 8) {
    const byte = parseInt(bitString.slice(i, i + 8), 2);
    scan.push(byte);
    if (byte === 0xff) scan.push(0x00); // byte stuffing
  }
  const quant = Buffer.alloc(65, 8);
  quant[0] = 0; // 8-bit precision, table 0
  quant[1] = 64; // DC: one step of d is 8 gray levels
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00])),
    segment(0xfe, Buffer.from(comment, 'latin1')),
    segment(0xdb, quant),
    segment(0xc0, Buffer.from([8, 0, 8, 0, 8, 1, 1, 0x11, 0])),
    segment(0xc4, oneSymbolTable(0, category)),
    segment(0xc4, oneSymbolTable(1, 0x00)),
    segment(0xda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
    Buffer.from(scan),
    Buffer.from([0xff, 0xd9]),
  ]);
}
