// Ordered, filtered row sequences for list endpoints, without copying records.
// A scope (one organization's rows, or all rows) is already in creation order;
// per date field a day-bucketed index is kept (counting sort, rebuilt lazily
// after changes). A page is then a slice: O(log n + limit). Combinations that
// need another order are materialized once as row numbers and cached, so
// paging through them stays cheap.

export interface RowSeq {
  readonly length: number;
  at(i: number): number;
}

class Slice implements RowSeq {
  readonly length: number;
  constructor(
    private readonly src: Int32Array,
    private readonly lo: number,
    hi: number,
    private readonly desc: boolean,
  ) {
    this.length = Math.max(0, hi - lo);
  }

  at(i: number): number {
    return this.desc ? this.src[this.lo + this.length - 1 - i]! : this.src[this.lo + i]!;
  }
}

export type DayOf = (row: number) => number;

export interface DateFilter {
  field: string;
  day: DayOf;
  /** day never decreases along the scope's creation order (entries' createdAt) */
  monotone: boolean;
  from: number;
  to: number;
}

export type Order =
  | { kind: 'row' }
  | { kind: 'day'; field: string; day: DayOf }
  | { kind: 'exact'; field: string; compare: (a: number, b: number) => number };

export interface ListQuery {
  /** names the scope and thereby its rows, e.g. "entries:3" */
  scope: string;
  rows: Int32Array;
  date?: DateFilter;
  /** e.g. the entry type; with a key for the cache */
  filter?: { key: string; keep: (row: number) => boolean };
  order: Order;
  desc: boolean;
}

/** First position in [lo, hi) where pred holds (pred is monotone false→true). */
function lowerBound(src: Int32Array, lo: number, hi: number, pred: (row: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(src[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Rows ordered by (day, creation order): a stable counting sort. */
export function dayIndex(rows: Int32Array, day: DayOf): Int32Array {
  const n = rows.length;
  const out = new Int32Array(n);
  if (n === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const d = day(rows[i]!);
    if (d < min) min = d;
    if (d > max) max = d;
  }
  const counts = new Int32Array(max - min + 2);
  for (let i = 0; i < n; i++) counts[day(rows[i]!) - min + 1]!++;
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out[counts[day(r) - min]!++] = r;
  }
  return out;
}

function orderName(o: Order): string {
  return o.kind === 'row' ? 'row' : `${o.kind}:${o.field}`;
}

const MAX_CACHED = 8;

export class QueryEngine {
  private readonly indexes = new Map<string, { version: number; rows: Int32Array }>();
  private readonly results = new Map<string, { version: number; rows: Int32Array }>();

  constructor(private readonly version: () => number) {}

  private remember(map: Map<string, { version: number; rows: Int32Array }>, key: string, rows: Int32Array): Int32Array {
    map.delete(key);
    map.set(key, { version: this.version(), rows });
    while (map.size > MAX_CACHED) map.delete(map.keys().next().value as string);
    return rows;
  }

  private cached(map: Map<string, { version: number; rows: Int32Array }>, key: string): Int32Array | undefined {
    const hit = map.get(key);
    if (!hit || hit.version !== this.version()) return undefined;
    map.delete(key); // LRU: move to the end
    map.set(key, hit);
    return hit.rows;
  }

  private index(scope: string, rows: Int32Array, field: string, day: DayOf): Int32Array {
    const key = `${scope}|${field}`;
    return this.cached(this.indexes, key) ?? this.remember(this.indexes, key, dayIndex(rows, day));
  }

  resolve(q: ListQuery): RowSeq {
    let base = q.rows;
    let lo = 0;
    let hi = base.length;
    let baseOrder = 'row';
    if (q.date) {
      const { day, from, to } = q.date;
      if (!q.date.monotone) {
        base = this.index(q.scope, q.rows, q.date.field, day);
        baseOrder = `day:${q.date.field}`;
      }
      lo = lowerBound(base, 0, base.length, (r) => day(r) >= from);
      hi = lowerBound(base, lo, base.length, (r) => day(r) > to);
    } else if (q.order.kind === 'day') {
      base = this.index(q.scope, q.rows, q.order.field, q.order.day);
      baseOrder = `day:${q.order.field}`;
    }
    const want = orderName(q.order);
    if (!q.filter && want === baseOrder) return new Slice(base, lo, hi, q.desc);

    const key = `${q.scope}|${q.date ? `${q.date.field}:${q.date.from}-${q.date.to}` : ''}|${q.filter?.key ?? ''}|${want}`;
    let rows = this.cached(this.results, key);
    if (!rows) {
      rows = this.materialize(base, lo, hi, q);
      this.remember(this.results, key, rows);
    }
    return new Slice(rows, 0, rows.length, q.desc);
  }

  private materialize(base: Int32Array, lo: number, hi: number, q: ListQuery): Int32Array {
    let rows: Int32Array;
    if (q.filter) {
      const keep = q.filter.keep;
      const tmp = new Int32Array(hi - lo);
      let n = 0;
      for (let i = lo; i < hi; i++) if (keep(base[i]!)) tmp[n++] = base[i]!;
      rows = tmp.slice(0, n);
    } else rows = base.slice(lo, hi);
    const o = q.order;
    if (o.kind === 'row')
      rows.sort(); // row numbers rise with creation order
    else if (o.kind === 'day') {
      // (day, row) packed into one exact double: day < 2^16, row < 2^32
      const keys = new Float64Array(rows.length);
      for (let i = 0; i < rows.length; i++) keys[i] = o.day(rows[i]!) * 4294967296 + rows[i]!;
      keys.sort();
      for (let i = 0; i < rows.length; i++) rows[i] = keys[i]! % 4294967296;
    } else rows.sort(o.compare);
    return rows;
  }
}

/** 0, 1, …, n-1 as a growing shared array (the scope "all rows"). */
export class Identity {
  private data = new Int32Array(0);

  rows(n: number): Int32Array {
    if (this.data.length < n) {
      const next = new Int32Array(Math.max(n, Math.ceil(this.data.length * 1.5)));
      for (let i = 0; i < next.length; i++) next[i] = i;
      this.data = next;
    }
    return this.data.subarray(0, n);
  }
}
