// What a route hands back to the HTTP layer: a status and a body, or a page of
// already-serialized records that the fault layer may still tamper with.
import type { Organization } from '../model/records.js';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON text or raw bytes; absent for 204 */
  body?: string | Buffer;
  contentType?: string;
  /** set for list endpoints, so page-based faults can act */
  page?: PageInfo;
}

export interface PageInfo {
  page: number;
  records: string[];
  hasNextPage: boolean;
  org?: Organization;
}

export function json(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value), contentType: 'application/json; charset=utf-8' };
}

/** Pliant's error shape [A]: {"code","message"}. */
export function apiError(status: number, code: string, message: string): Reply {
  return json(status, { code, message });
}

export function badRequest(message: string): Reply {
  return apiError(400, 'ILLEGAL_ARGUMENTS_PROVIDED', message);
}

export function pageReply(info: PageInfo): Reply {
  return { status: 200, contentType: 'application/json; charset=utf-8', page: info };
}

/** The list envelope [A]: {"data":[…],"hasNextPage":bool}. */
export function envelope(records: string[], hasNextPage: boolean): string {
  return `{"data":[${records.join(',')}],"hasNextPage":${hasNextPage}}`;
}

export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(typeof reply.body === 'string' ? reply.body : `HTTP ${reply.status}`);
    this.name = 'HttpError';
  }
}
