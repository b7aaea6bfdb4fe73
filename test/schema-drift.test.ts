import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../src/paths.js';
import { createTestDatabase, withClient, type TestDatabase } from './helpers/db.js';
import { actualFacts, diffFacts, dmmfOf, expectedFacts } from './helpers/schema-compare.js';

const schema = readFileSync(join(packageRoot(), 'prisma', 'schema.prisma'), 'utf8');
let db: TestDatabase;
let actual: Set<string>;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  actual = await withClient(db.url, (c) => actualFacts(c));
});
afterAll(() => db.drop());

describe('schema.prisma and the migrations', () => {
  it('describe exactly the same schema', () => {
    expect(diffFacts(expectedFacts(dmmfOf(schema)), actual)).toEqual([]);
  });

  it('cover every table of the outside interface with its columns', () => {
    for (const fact of [
      'column account_entries.amount bigint not null no default',
      'column account_entries.currency character(3) not null no default',
      'column account_entries.booking_date date not null no default',
      'column account_entries.raw jsonb not null no default',
      'column transactions.booking_date date null no default',
      'column organizations.credit_limit bigint null no default',
      'column receipts.deleted_at timestamp(6) with time zone null no default',
      'primary key account_entries(id)',
      'unique index sync_run_streams(run_id,stream,organization_id)',
      'fk sync_run_streams(run_id) -> sync_runs(id) on delete cascade',
    ]) {
      expect(actual).toContain(fact);
    }
  });

  it('reports a column added to schema.prisma without a migration', () => {
    const changed = schema.replace(/(model Card \{\n)/, '$1  nickname String @map("nick_name")\n');
    expect(changed).not.toEqual(schema);
    expect(diffFacts(expectedFacts(dmmfOf(changed)), actual)).toEqual([
      '- column cards.nick_name text not null no default (in schema.prisma, not in the database)',
    ]);
  });

  it('reports a changed nullability, type and index', () => {
    const changed = schema
      .replace('cardholderId   String?   @map("cardholder_id")', 'cardholderId   String    @map("cardholder_id")')
      .replace('  @@index([cardId])\n', '  @@unique([cardId])\n');
    expect(diffFacts(expectedFacts(dmmfOf(changed)), actual)).toEqual([
      '+ column cards.cardholder_id text null no default (in the database, not in schema.prisma)',
      '+ index transactions(card_id) (in the database, not in schema.prisma)',
      '- column cards.cardholder_id text not null no default (in schema.prisma, not in the database)',
      '- unique index transactions(card_id) (in schema.prisma, not in the database)',
    ]);
  });
});
