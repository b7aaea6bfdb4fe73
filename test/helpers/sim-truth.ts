/**
 * What the simulator serves, read over plain HTTP with fetch (not with our client, which is
 * under test): the truth a mirror is compared with.
 */
export interface Truth {
  organizations: Record<string, unknown>[];
  entries: Map<string, Record<string, any>[]>;
  transactions: Map<string, Record<string, any>[]>;
  billPayments: Map<string, Record<string, any>[]>;
  cards: Map<string, Record<string, any>[]>;
  cardholders: Map<string, Record<string, any>[]>;
}

export async function token(tokenUrl: string): Promise<string> {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'simulator',
      client_secret: 'simulator',
      audience: 'simulator',
      grant_type: 'client_credentials',
    }),
  });
  if (!response.ok) throw new Error(`token: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function readAll(
  apiUrl: string,
  bearer: string,
  path: string,
  query: Record<string, string> = {},
): Promise<Record<string, any>[]> {
  const out: Record<string, any>[] = [];
  for (let page = 0; page < 10_000; page += 1) {
    const url = new URL(apiUrl + path);
    for (const [k, v] of Object.entries({ ...query, page: String(page), limit: '1000' })) url.searchParams.set(k, v);
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${bearer}`, 'Pliant-API-Version': '2.1.0' },
    });
    if (response.status === 204) break;
    // Onboarding organizations have no data yet (the sync skips them the same way).
    if (response.status === 400 && (await response.clone().text()).includes('NOT_ACTIVE_ORG')) break;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    const body = (await response.json()) as { data: Record<string, any>[]; hasNextPage?: boolean };
    out.push(...body.data);
    if (body.hasNextPage === false || body.data.length < 1000) break;
  }
  return out;
}

export async function readTruth(apiUrl: string, tokenUrl: string): Promise<Truth> {
  const bearer = await token(tokenUrl);
  const organizations = await readAll(apiUrl, bearer, '/organizations');
  const truth: Truth = {
    organizations,
    entries: new Map(),
    transactions: new Map(),
    billPayments: new Map(),
    cards: new Map(),
    cardholders: new Map(),
  };
  for (const org of organizations) {
    const id = String(org.organizationId);
    const q = { organizationId: id };
    const entries = await readAll(apiUrl, bearer, '/account-entries', { ...q, sortBy: 'index', sortDirection: 'ASC' });
    truth.entries.set(id, entries);
    truth.transactions.set(id, await readAll(apiUrl, bearer, '/transactions', q));
    truth.cards.set(id, await readAll(apiUrl, bearer, '/cards', q));
    truth.cardholders.set(id, await readAll(apiUrl, bearer, '/cardholders', q));
    const paymentIds = [...new Set(entries.filter((e) => e.billPaymentId).map((e) => String(e.billPaymentId)))];
    const payments: Record<string, any>[] = [];
    for (let i = 0; i < paymentIds.length; i += 100) {
      payments.push(
        ...(await readAll(apiUrl, bearer, '/payments', { ...q, paymentIds: paymentIds.slice(i, i + 100).join(',') })),
      );
    }
    truth.billPayments.set(id, payments);
  }
  return truth;
}
