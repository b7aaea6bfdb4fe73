// Query-string parsing with the API's validation: anything malformed is a
// 400 ILLEGAL_ARGUMENTS_PROVIDED that names the parameter.
import { isUuid } from '../util/ids.js';
import { parseDate } from '../util/time.js';
import { badRequest, HttpError } from './reply.js';

export const MAX_LIMIT = 1000;
export const DEFAULT_LIMIT = 100;

function fail(message: string): never {
  throw new HttpError(badRequest(message));
}

export class Params {
  constructor(private readonly q: URLSearchParams) {}

  raw(name: string): string | undefined {
    const v = this.q.get(name);
    return v === null || v === '' ? undefined : v;
  }

  uuid(name: string, required = false): string | undefined {
    const v = this.raw(name);
    if (v === undefined) {
      if (required) fail(`${name} is required`);
      return undefined;
    }
    if (!isUuid(v)) fail(`${name} must be a UUID, got '${v}'`);
    return v.toLowerCase();
  }

  uuidList(name: string, max: number): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const ids = v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (ids.length > max) fail(`${name} accepts at most ${max} ids, got ${ids.length}`);
    for (const id of ids) if (!isUuid(id)) fail(`${name} must be UUIDs, got '${id}'`);
    return ids.map((s) => s.toLowerCase());
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) fail(`${name} must be one of ${allowed.join(', ')}, got '${v}'`);
    return v as T;
  }

  date(name: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const day = parseDate(v);
    if (day === null) fail(`${name} must be a date YYYY-MM-DD, got '${v}'`);
    return day;
  }

  private int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v)) fail(`${name} must be an integer from ${min} to ${max}, got '${v}'`);
    const n = Number(v);
    if (n < min || n > max) fail(`${name} must be an integer from ${min} to ${max}, got '${v}'`);
    return n;
  }

  paging(): { page: number; limit: number } {
    return {
      page: this.int('page', 0, 0, 10_000_000),
      limit: this.int('limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    };
  }

  sort<T extends string>(allowed: readonly T[]): { sortBy: T | undefined; desc: boolean } {
    const sortBy = this.oneOf('sortBy', allowed);
    const dir = this.oneOf('sortDirection', ['ASC', 'DESC'] as const);
    // without sortBy, lists come newest first [A]
    return { sortBy, desc: sortBy === undefined ? dir !== 'ASC' : dir === 'DESC' };
  }

  dateRange(): { from: number; to: number } | undefined {
    const from = this.date('fromDate');
    const to = this.date('toDate');
    if (from === undefined && to === undefined) return undefined;
    if (from !== undefined && to !== undefined && from > to) fail('fromDate must not be after toDate');
    return { from: from ?? 0, to: to ?? 0xffff };
  }
}
