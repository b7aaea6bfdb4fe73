/**
 * Compares what schema.prisma describes (Prisma's DMMF, from the schema WASM that ships with
 * Prisma) with what the migrations built (PostgreSQL's catalogs): tables, columns, types,
 * nullability, defaults, primary keys, unique and plain indexes, foreign keys.
 * Returns the differences as readable lines; none means no drift.
 */
import schemaWasm from '@prisma/prisma-schema-wasm';
import type pg from 'pg';

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'object' | 'enum' | 'unsupported';
  isList: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
  type: string;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; indexes: DmmfIndex[] };
}

export function dmmfOf(schema: string): Dmmf {
  return JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', schema]] }))) as Dmmf;
}

const SCALAR_TYPES: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Boolean: 'boolean',
  Float: 'double precision',
  Decimal: 'numeric(65,30)',
  Json: 'jsonb',
  DateTime: 'timestamp(3) without time zone',
  Bytes: 'bytea',
};

function expectedType(field: DmmfField): string {
  if (!field.nativeType) return SCALAR_TYPES[field.type] ?? `? ${field.type}`;
  const [name, args] = field.nativeType;
  const native: Record<string, string> = {
    Char: `character(${args[0] ?? 1})`,
    VarChar: args[0] ? `character varying(${args[0]})` : 'character varying',
    Timestamptz: `timestamp(${args[0] ?? 3}) with time zone`,
    Timestamp: `timestamp(${args[0] ?? 3}) without time zone`,
    Date: 'date',
    Text: 'text',
    JsonB: 'jsonb',
    Uuid: 'uuid',
    Integer: 'integer',
    BigInt: 'bigint',
  };
  return native[name] ?? `? ${name}`;
}

const columnName = (f: DmmfField): string => f.dbName ?? f.name;
const tableName = (m: DmmfModel): string => m.dbName ?? m.name;

/** Facts as comparable strings, one per column/index/foreign key. */
export function expectedFacts(dmmf: Dmmf): Set<string> {
  const facts = new Set<string>();
  const models = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
  for (const model of dmmf.datamodel.models) {
    const table = tableName(model);
    facts.add(`table ${table}`);
    for (const f of model.fields) {
      if (f.kind === 'object') {
        if (f.relationFromFields && f.relationFromFields.length > 0) {
          const target = models.get(f.type)!;
          const cols = f.relationFromFields.map((n) => columnName(model.fields.find((x) => x.name === n)!));
          const refs = (f.relationToFields ?? []).map((n) => columnName(target.fields.find((x) => x.name === n)!));
          facts.add(
            `fk ${table}(${cols.join(',')}) -> ${tableName(target)}(${refs.join(',')}) on delete ${(f.relationOnDelete ?? 'default').toLowerCase()}`,
          );
        }
        continue;
      }
      const type = expectedType(f) + (f.isList ? '[]' : '');
      facts.add(
        `column ${table}.${columnName(f)} ${type} ${f.isRequired ? 'not null' : 'null'} ${f.hasDefaultValue ? 'default' : 'no default'}`,
      );
    }
  }
  for (const index of dmmf.datamodel.indexes) {
    const model = models.get(index.model)!;
    const cols = index.fields.map((x) => columnName(model.fields.find((f) => f.name === x.name)!));
    const kind = index.type === 'id' ? 'primary key' : index.type === 'unique' ? 'unique index' : 'index';
    facts.add(`${kind} ${tableName(model)}(${cols.join(',')})`);
  }
  return facts;
}

export async function actualFacts(client: pg.Client, schema = 'public'): Promise<Set<string>> {
  const facts = new Set<string>();
  const tables = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
    [schema],
  );
  for (const t of tables.rows) facts.add(`table ${t.table_name}`);

  const columns = await client.query<{
    table_name: string;
    column_name: string;
    type: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    `SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable, c.column_default
       FROM information_schema.columns c
       JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = $1 AND c.table_name <> '_prisma_migrations'`,
    [schema],
  );
  for (const c of columns.rows) {
    facts.add(
      `column ${c.table_name}.${c.column_name} ${c.type} ${c.is_nullable === 'NO' ? 'not null' : 'null'} ${c.column_default ? 'default' : 'no default'}`,
    );
  }

  const indexes = await client.query<{ table_name: string; primary: boolean; unique: boolean; columns: string[] }>(
    `SELECT t.relname AS table_name, i.indisprimary AS primary, i.indisunique AS unique,
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'
      GROUP BY t.relname, i.indexrelid, i.indisprimary, i.indisunique`,
    [schema],
  );
  for (const i of indexes.rows) {
    const kind = i.primary ? 'primary key' : i.unique ? 'unique index' : 'index';
    facts.add(`${kind} ${i.table_name}(${i.columns.join(',')})`);
  }

  const fks = await client.query<{
    table_name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
  }>(
    `SELECT t.relname AS table_name, r.relname AS ref_table,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns,
            c.confdeltype AS on_delete
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1`,
    [schema],
  );
  const onDelete: Record<string, string> = {
    a: 'noaction',
    r: 'restrict',
    c: 'cascade',
    n: 'setnull',
    d: 'setdefault',
  };
  for (const f of fks.rows) {
    facts.add(
      `fk ${f.table_name}(${f.columns.join(',')}) -> ${f.ref_table}(${f.ref_columns.join(',')}) on delete ${onDelete[f.on_delete]}`,
    );
  }
  return facts;
}

/** Lines "- fact" for what schema.prisma has and the database lacks, "+ fact" for the reverse. */
export function diffFacts(expected: Set<string>, actual: Set<string>): string[] {
  return [
    ...[...expected].filter((f) => !actual.has(f)).map((f) => `- ${f} (in schema.prisma, not in the database)`),
    ...[...actual].filter((f) => !expected.has(f)).map((f) => `+ ${f} (in the database, not in schema.prisma)`),
  ].sort();
}
