// Talking to the simulator the way any client would: global fetch, no Pliant client.
import type { RunningSimulator } from '../../src/simulator/index.js';

export const NOW = '2025-06-01T00:00:00Z';
export const VERSION = '2.1.0';

export async function token(sim: RunningSimulator): Promise<string> {
  const res = await fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: 'simulator',
      client_secret: 'simulator',
      audience: 'simulator',
      grant_type: 'client_credentials',
    }),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export function headers(tok: string): Record<string, string> {
  return { authorization: `Bearer ${tok}`, 'pliant-api-version': VERSION };
}

export async function get(sim: RunningSimulator, tok: string, path: string): Promise<Response> {
  return fetch(`${sim.apiUrl}${path}`, { headers: headers(tok) });
}

export interface Page<T = Record<string, unknown>> {
  data: T[];
  hasNextPage: boolean;
}

export async function getJson<T = Page>(sim: RunningSimulator, tok: string, path: string): Promise<T> {
  const res = await get(sim, tok, path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Every page of a list, following hasNextPage. */
export async function all(
  sim: RunningSimulator,
  tok: string,
  path: string,
  limit = 1000,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let page = 0; ; page++) {
    const p = await getJson(sim, tok, `${path}${sep}page=${page}&limit=${limit}`);
    out.push(...p.data);
    if (!p.hasNextPage) return out;
  }
}

export async function admin(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${sim.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}
