/**
 * Compares the mirror with what the simulator serves: the same ids, the same raw JSON, the
 * same sums and last balances. Returns readable differences; none means an exact mirror.
 */
import type pg from 'pg';

import type { Truth } from './sim-truth.js';

async function rawById(client: pg.Client, table: string, organizationId: string): Promise<Map<string, unknown>> {
  const { rows } = await client.query<{ id: string; raw: unknown }>(
    `SELECT id, raw FROM ${table} WHERE organization_id = $1`,
    [organizationId],
  );
  return new Map(rows.map((r) => [r.id, r.raw]));
}

function compareSet(label: string, expected: Map<string, unknown>, actual: Map<string, unknown>, out: string[]): void {
  const missing = [...expected.keys()].filter((id) => !actual.has(id));
  const extra = [...actual.keys()].filter((id) => !expected.has(id));
  if (missing.length) out.push(`${label}: ${missing.length} missing (e.g. ${missing.slice(0, 3).join(', ')})`);
  if (extra.length) out.push(`${label}: ${extra.length} not in the API (e.g. ${extra.slice(0, 3).join(', ')})`);
  let differing = 0;
  let example = '';
  for (const [id, raw] of expected) {
    if (actual.has(id) && JSON.stringify(sortKeys(actual.get(id))) !== JSON.stringify(sortKeys(raw))) {
      differing += 1;
      example ||= id;
    }
  }
  if (differing) out.push(`${label}: ${differing} rows differ from the API (e.g. ${example})`);
}

/** JSON with object keys in order, so jsonb's key order does not matter. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export async function compareMirror(client: pg.Client, truth: Truth): Promise<string[]> {
  const out: string[] = [];
  const orgs = await client.query<{ id: string; raw: unknown }>('SELECT id, raw FROM organizations');
  compareSet(
    'organizations',
    new Map(truth.organizations.map((o) => [String(o.organizationId), o])),
    new Map(orgs.rows.map((r) => [r.id, r.raw])),
    out,
  );
  for (const org of truth.organizations) {
    const id = String(org.organizationId);
    const byId = (list: Record<string, any>[] | undefined, key: string) =>
      new Map((list ?? []).map((r) => [String(r[key]), r]));
    compareSet(
      `${id} account_entries`,
      byId(truth.entries.get(id), 'id'),
      await rawById(client, 'account_entries', id),
      out,
    );
    compareSet(
      `${id} transactions`,
      byId(truth.transactions.get(id), 'transactionId'),
      await rawById(client, 'transactions', id),
      out,
    );
    compareSet(
      `${id} bill_payments`,
      byId(truth.billPayments.get(id), 'paymentId'),
      await rawById(client, 'bill_payments', id),
      out,
    );
    compareSet(`${id} cards`, byId(truth.cards.get(id), 'cardId'), await rawById(client, 'cards', id), out);
    compareSet(
      `${id} cardholders`,
      byId(truth.cardholders.get(id), 'cardholderId'),
      await rawById(client, 'cardholders', id),
      out,
    );

    const entries = truth.entries.get(id) ?? [];
    const expectedSum = entries.reduce((sum, e) => sum + BigInt(e.amount.value), 0n);
    const { rows } = await client.query<{ sum: string | null; count: string }>(
      'SELECT sum(amount)::text AS sum, count(*)::text AS count FROM account_entries WHERE organization_id = $1',
      [id],
    );
    if (BigInt(rows[0]?.sum ?? '0') !== expectedSum) out.push(`${id}: sum of amounts ${rows[0]?.sum} ≠ ${expectedSum}`);
    if (Number(rows[0]?.count) !== entries.length) out.push(`${id}: ${rows[0]?.count} entries ≠ ${entries.length}`);

    const lastByAccount = new Map<string, Record<string, any>>();
    for (const e of entries) {
      const previous = lastByAccount.get(String(e.cardAccountId));
      if (!previous || e.index > previous.index) lastByAccount.set(String(e.cardAccountId), e);
    }
    for (const [account, last] of lastByAccount) {
      const balance = await client.query<{ balance_after: string }>(
        `SELECT balance_after::text FROM account_entries WHERE organization_id = $1 AND card_account_id = $2 ORDER BY entry_index DESC LIMIT 1`,
        [id, account],
      );
      if (balance.rows[0]?.balance_after !== String(last.balanceAfter?.value)) {
        out.push(`${id} ${account}: last balance ${balance.rows[0]?.balance_after} ≠ ${last.balanceAfter?.value}`);
      }
    }
  }
  return out;
}
