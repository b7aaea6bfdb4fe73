/**
 * One statement per page: the page travels as one JSON parameter, is typed by
 * jsonb_to_recordset, and is upserted by id. A row whose columns are all unchanged is not
 * rewritten (no dead tuple, last_changed_at kept), so a re-read costs reads, not writes.
 */
import type { Prisma } from '../generated/prisma/client.js';

export type ColumnType =
  'text' | 'bigint' | 'integer' | 'boolean' | 'date' | 'timestamptz' | 'jsonb' | 'char(3)' | 'char(64)';

export interface TableSpec {
  table: string;
  /** Columns besides `id`, in the mirror's names. `raw` must be one of them. */
  columns: Record<string, ColumnType>;
}

/** Values as JSON can carry them: bigint as decimal text, timestamps as ISO text. */
export type RowValue = string | number | boolean | null | object;
export type Row = { id: string } & Record<string, RowValue>;

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export function upsertStatement(spec: TableSpec): string {
  const names = ['id', ...Object.keys(spec.columns)];
  const types: Record<string, ColumnType> = { id: 'text', ...spec.columns };
  const recordset = names.map((n) => `${ident(n)} ${types[n]}`).join(', ');
  const list = names.map(ident).join(', ');
  const data = Object.keys(spec.columns);
  return `
    INSERT INTO ${ident(spec.table)} AS t (${list})
    SELECT ${list} FROM jsonb_to_recordset($1::jsonb) AS r(${recordset})
    ON CONFLICT (id) DO UPDATE SET ${data.map((n) => `${ident(n)} = excluded.${ident(n)}`).join(', ')}, last_changed_at = now()
    WHERE (${data.map((n) => `t.${ident(n)}`).join(', ')}) IS DISTINCT FROM (${data.map((n) => `excluded.${ident(n)}`).join(', ')})
    RETURNING (xmax = 0) AS inserted`;
}

/** bigint is not JSON: written as its decimal text, which PostgreSQL reads exactly. */
const jsonReplacer = (_key: string, value: unknown): unknown => (typeof value === 'bigint' ? value.toString() : value);

/**
 * Upserts rows by id inside the caller's transaction. Rows with the same id within one page
 * are folded to the last one (PostgreSQL refuses to touch a row twice in one statement).
 */
export async function upsertRows(tx: Prisma.TransactionClient, spec: TableSpec, rows: Row[]): Promise<WriteCounts> {
  if (rows.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const result = await tx.$queryRawUnsafe<{ inserted: boolean }[]>(
    upsertStatement(spec),
    JSON.stringify(unique, jsonReplacer),
  );
  const inserted = result.filter((r) => r.inserted).length;
  const updated = result.length - inserted;
  return { inserted, updated, unchanged: rows.length - inserted - updated };
}
