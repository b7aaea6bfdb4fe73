/** DATEV field syntax: quoting, amounts with a decimal comma, and splitting a line back into fields. */

/** A text field: in quotes, inner quotes doubled. */
export const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;

/** Cents as DATEV writes them: "1234,56", no thousands mark, never negative. */
export function formatCents(cents: bigint): string {
  if (cents < 0n) throw new Error('formatCents: DATEV amounts are never negative; the side carries the sign');
  return `${cents / 100n},${(cents % 100n).toString().padStart(2, '0')}`;
}

export interface Cell {
  value: string;
  quoted: boolean;
}

/** One line's fields; `unclosed` when a quote never closes (the line breaks inside a text). */
export function splitLine(line: string): { cells: Cell[]; unclosed: boolean } {
  const cells: Cell[] = [];
  let i = 0;
  for (;;) {
    let end: number;
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) return { cells: [...cells, { value: value + line.slice(j), quoted: true }], unclosed: true };
        value += line.slice(j, q);
        if (line[q + 1] !== '"') {
          j = q;
          break;
        }
        value += '"';
        j = q + 2;
      }
      // Anything between the closing quote and the separator belongs to the field too (malformed, kept visible).
      end = line.indexOf(';', j + 1);
      if (end < 0) end = line.length;
      cells.push({ value: value + line.slice(j + 1, end), quoted: true });
    } else {
      end = line.indexOf(';', i);
      if (end < 0) end = line.length;
      cells.push({ value: line.slice(i, end), quoted: false });
    }
    if (end >= line.length) break;
    i = end + 1;
  }
  return { cells, unclosed: false };
}
