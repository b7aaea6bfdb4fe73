// Growable typed-array columns: one record costs a few dozen bytes instead of
// a JS object with string fields, which is what makes a million entries cheap.

export type Column = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

export function grow<T extends Column>(a: T, capacity: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a as ArrayLike<number> & T);
  return b;
}

export function nextCapacity(current: number, needed: number): number {
  let c = Math.max(16, current);
  while (c < needed) c = Math.ceil(c * 1.5);
  return c;
}

/** An append-only list of row numbers (one organization's rows, say). */
export class RowList {
  length = 0;
  private data: Int32Array;

  constructor(capacity = 16) {
    this.data = new Int32Array(capacity);
  }

  push(row: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, nextCapacity(this.data.length, this.length + 1));
    this.data[this.length++] = row;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  /** A read-only view of the used part (no copy). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
