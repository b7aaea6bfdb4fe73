/**
 * Every stream's TableSpec (what the page upsert writes) against prisma/schema.prisma (what the
 * migrations build; test/schema-drift.test.ts holds the two together): the table is a model's
 * @@map, each column a field's @map with the matching type, `id` the primary key, and no column
 * the table requires is left out. Read from Prisma's DMMF, as schema-drift does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';

import { packageRoot } from '../../src/paths.js';
import { STREAMS } from '../../src/streams/index.js';
import type { ColumnType, TableSpec } from '../../src/sync/table-writer.js';
import { dmmfOf } from '../helpers/schema-compare.js';

interface Field {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  nativeType: [string, string[]] | null;
  isId: boolean;
  isRequired: boolean;
  hasDefaultValue: boolean;
}
interface Model {
  name: string;
  dbName: string | null;
  fields: Field[];
  primaryKey: { fields: string[] } | null;
}

const SCHEMA = readFileSync(join(packageRoot(), 'prisma', 'schema.prisma'), 'utf8');

/** The Prisma type (and native type, when one is needed) each ColumnType is written as. */
const PRISMA_TYPE: Record<ColumnType, { type: string; native: string | null }> = {
  text: { type: 'String', native: null },
  bigint: { type: 'BigInt', native: null },
  integer: { type: 'Int', native: null },
  boolean: { type: 'Boolean', native: null },
  jsonb: { type: 'Json', native: null },
  timestamptz: { type: 'DateTime', native: 'Timestamptz' },
  date: { type: 'DateTime', native: 'Date' },
  'char(3)': { type: 'String', native: 'Char(3)' },
  'char(64)': { type: 'String', native: 'Char(64)' },
};
/** Native types that change nothing about the column the writer sees. */
const PLAIN_NATIVE: Record<string, string> = { Text: 'String', BigInt: 'BigInt', Integer: 'Int', JsonB: 'Json' };

const describeField = (f: Field): string =>
  f.type +
  (f.nativeType ? ` @db.${f.nativeType[0]}${f.nativeType[1].length > 0 ? `(${f.nativeType[1].join(',')})` : ''}` : '');

function nativeOf(f: Field): string | null {
  if (!f.nativeType) return null;
  const [name, args] = f.nativeType;
  if (PLAIN_NATIVE[name] === f.type) return null;
  // Timestamptz(6) and Timestamptz() are the same column type to the writer.
  if (name === 'Timestamptz') return name;
  return args.length > 0 ? `${name}(${args.join(',')})` : name;
}

/** What is wrong between a TableSpec and the schema, one line per problem (none: they match). */
function specProblems(spec: TableSpec, schema: string): string[] {
  const models = dmmfOf(schema).datamodel.models as unknown as Model[];
  const model = models.find((m) => (m.dbName ?? m.name) === spec.table);
  if (!model) return [`table ${spec.table}: no model of schema.prisma maps to it`];
  const problems: string[] = [];
  const scalars = model.fields.filter((f) => f.kind === 'scalar' || f.kind === 'enum');
  const byColumn = new Map(scalars.map((f) => [f.dbName ?? f.name, f]));

  const id = byColumn.get('id');
  if (!id) problems.push(`${spec.table}.id: no such column in model ${model.name}`);
  else {
    if (!id.isId || model.primaryKey !== null)
      problems.push(`${spec.table}.id: not the primary key of model ${model.name}`);
    if (id.type !== 'String' || nativeOf(id) !== null)
      problems.push(`${spec.table}.id: the writer sends text, model ${model.name} has ${describeField(id)}`);
  }
  if (!('raw' in spec.columns)) problems.push(`${spec.table}: the spec has no raw column`);

  for (const [column, type] of Object.entries(spec.columns)) {
    const field = byColumn.get(column);
    if (!field) {
      problems.push(`${spec.table}.${column}: no such column in model ${model.name}`);
      continue;
    }
    const expected = PRISMA_TYPE[type];
    if (field.type !== expected.type || nativeOf(field) !== expected.native) {
      const wanted = expected.type + (expected.native ? ` @db.${expected.native}` : '');
      problems.push(
        `${spec.table}.${column}: the spec says ${type} (${wanted}), model ${model.name} has ${describeField(field)}`,
      );
    }
    if (field.isId && column !== 'id')
      problems.push(`${spec.table}.${column}: part of the primary key, which the upsert does not use`);
  }

  // Columns the upsert never sets must be nullable or have a default, else every insert fails.
  for (const [column, field] of byColumn) {
    if (column === 'id' || column in spec.columns) continue;
    if (field.isRequired && !field.hasDefaultValue)
      problems.push(`${spec.table}.${column}: required without a default, and not in the spec`);
  }
  return problems;
}

const streams = STREAMS.map((s) => [s.name, s.table] as const);

describe('every stream table matches schema.prisma', () => {
  it('covers every stream', () => {
    expect(streams.map(([name]) => name)).toEqual([
      'organizations',
      'cardholders',
      'cards',
      'account-entries',
      'transactions',
      'bill-payments',
      'receipts',
    ]);
  });

  it.each(streams)('%s', (_name, table) => {
    expect(specProblems(table, SCHEMA)).toEqual([]);
  });

  it('no two streams write the same table', () => {
    const tables = streams.map(([, t]) => t.table);
    expect(new Set(tables).size).toBe(tables.length);
  });
});

describe('the check itself', () => {
  const entries = STREAMS.find((s) => s.name === 'account-entries')!.table;
  const receipts = STREAMS.find((s) => s.name === 'receipts')!.table;
  const withColumns = (spec: TableSpec, edit: (columns: Record<string, ColumnType>) => void): TableSpec => {
    const columns = { ...spec.columns };
    edit(columns);
    return { table: spec.table, columns };
  };

  it.each<[string, TableSpec, string[]]>([
    [
      'a misspelt column',
      withColumns(entries, (c) => {
        delete c.booking_date;
        c.bookng_date = 'date';
      }),
      [
        'account_entries.bookng_date: no such column in model AccountEntry',
        'account_entries.booking_date: required without a default, and not in the spec',
      ],
    ],
    [
      'a field name instead of its @map name',
      withColumns(entries, (c) => void (c.entryIndex = 'bigint')),
      ['account_entries.entryIndex: no such column in model AccountEntry'],
    ],
    [
      'bigint written as text',
      withColumns(entries, (c) => void (c.amount = 'text')),
      ['account_entries.amount: the spec says text (String), model AccountEntry has BigInt'],
    ],
    [
      'a date written as a timestamp',
      withColumns(entries, (c) => void (c.booking_date = 'timestamptz')),
      [
        'account_entries.booking_date: the spec says timestamptz (DateTime @db.Timestamptz), model AccountEntry has DateTime @db.Date',
      ],
    ],
    [
      'a timestamp written as a date',
      withColumns(entries, (c) => void (c.created_at = 'date')),
      [
        'account_entries.created_at: the spec says date (DateTime @db.Date), model AccountEntry has DateTime @db.Timestamptz(6)',
      ],
    ],
    [
      'a currency written as text',
      withColumns(entries, (c) => void (c.currency = 'text')),
      ['account_entries.currency: the spec says text (String), model AccountEntry has String @db.Char(3)'],
    ],
    [
      'text written as char(3)',
      withColumns(entries, (c) => void (c.type = 'char(3)')),
      ['account_entries.type: the spec says char(3) (String @db.Char(3)), model AccountEntry has String'],
    ],
    [
      'a sha256 written as char(3)',
      withColumns(receipts, (c) => void (c.sha256 = 'char(3)')),
      ['receipts.sha256: the spec says char(3) (String @db.Char(3)), model Receipt has String @db.Char(64)'],
    ],
    [
      'jsonb written as text',
      withColumns(entries, (c) => void (c.raw = 'text')),
      ['account_entries.raw: the spec says text (String), model AccountEntry has Json'],
    ],
    [
      'boolean written as text',
      withColumns(receipts, (c) => void (c.problem = 'boolean')),
      ['receipts.problem: the spec says boolean (Boolean), model Receipt has String'],
    ],
    [
      'no raw column',
      withColumns(entries, (c) => void delete c.raw),
      [
        'account_entries: the spec has no raw column',
        'account_entries.raw: required without a default, and not in the spec',
      ],
    ],
    [
      'a table no model maps to',
      { table: 'account_entry', columns: entries.columns },
      ['table account_entry: no model of schema.prisma maps to it'],
    ],
  ])('finds %s', (_label, spec, problems) => {
    expect(specProblems(spec, SCHEMA)).toEqual(problems);
  });

  it('finds a column schema.prisma lost, and an id that is not the primary key', () => {
    const changed = SCHEMA.replace('  balanceAfter    BigInt?   @map("balance_after")\n', '').replace(
      /(model AccountEntry \{\n\s+id\s+String\s+)@id/,
      '$1@unique',
    );
    expect(changed).not.toContain('@map("balance_after")');
    expect(specProblems(entries, changed)).toEqual([
      'account_entries.id: not the primary key of model AccountEntry',
      'account_entries.balance_after: no such column in model AccountEntry',
    ]);
  });

  it('finds a type changed in schema.prisma', () => {
    const changed = SCHEMA.replace(
      'sizeBytes      BigInt?   @map("size_bytes")',
      'sizeBytes      Int?      @map("size_bytes")',
    );
    expect(changed).not.toEqual(SCHEMA);
    expect(specProblems(receipts, changed)).toEqual([
      'receipts.size_bytes: the spec says bigint (BigInt), model Receipt has Int',
    ]);
  });
});
