/**
 * A local HTTP server that plays the Pliant API (and its token URL) in tests.
 * Each test scripts answers per route, as a handler or a queue of replies, and
 * asserts on the recorded requests. No mocks of the HTTP client.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when the request arrived. */
  at: number;
}

export interface Reply {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is (for malformed bodies, files, text). */
  body?: string | Buffer;
  /** Wait before answering. */
  delayMs?: number;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Destroy the connection without answering. */
  destroy?: boolean;
  /** Send the headers and part of the body, then destroy the connection. */
  destroyMidBody?: boolean;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export const TOKEN_PATH = '/oauth/token';
export const QUOTA_HEADER_VALUE = 'b=per_hour;q=42;r=41;t=3600,b=per_day;q=100;r=99;t=86400';

/** The default token endpoint: `test-access-token-1`, `-2`, … valid for a day. */
export function tokenReply(n: number, expiresIn = 86400): Reply {
  return {
    json: { access_token: `test-access-token-${n}`, expires_in: expiresIn, token_type: 'Bearer' },
    headers: { 'Auth0-Client-Quota-Limit': QUOTA_HEADER_VALUE },
  };
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly handlers = new Map<string, Handler>();
  private readonly queues = new Map<string, Reply[]>();
  private tokensIssued = 0;

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<FakeApiServer> {
    const server = http.createServer();
    const fake = new FakeApiServer(server);
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.route('POST', TOKEN_PATH, () => {
      fake.tokensIssued += 1;
      return tokenReply(fake.tokensIssued);
    });
    return fake;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api`;
  }

  get authUrl(): string {
    return `${this.origin}${TOKEN_PATH}`;
  }

  /** Answer `method path` (full path, e.g. `/api/cards`) with a handler, or with replies in order. */
  route(method: string, path: string, answer: Handler | Reply | Reply[]): this {
    const key = `${method} ${path}`;
    this.handlers.delete(key);
    this.queues.delete(key);
    if (typeof answer === 'function') this.handlers.set(key, answer);
    else this.queues.set(key, Array.isArray(answer) ? [...answer] : [answer]);
    return this;
  }

  /** Requests to the API (not the token URL), optionally to one path. */
  apiRequests(path?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path !== TOKEN_PATH && (path === undefined || r.path === path));
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === TOKEN_PATH);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.origin);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at,
    };
    this.requests.push(recorded);
    const reply = await this.replyFor(recorded);
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.hang) return;
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const body = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.body ?? '');
    const headers: Record<string, string> = {
      ...(reply.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...reply.headers,
    };
    if (reply.destroyMidBody) {
      res.writeHead(reply.status ?? 200, { ...headers, 'content-length': String(Buffer.byteLength(body) + 100) });
      res.write(body);
      setTimeout(() => req.socket.destroy(), 10);
      return;
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(body);
  }

  private async replyFor(request: RecordedRequest): Promise<Reply> {
    const key = `${request.method} ${request.path}`;
    const handler = this.handlers.get(key);
    if (handler) return handler(request);
    const queue = this.queues.get(key);
    if (queue === undefined) {
      return { status: 404, json: { code: 'NO_ROUTE', message: `fake server: no route for ${key}` } };
    }
    // The last reply repeats, so "always 503" is a queue of one.
    return (queue.length > 1 ? queue.shift() : queue[0]) as Reply;
  }
}
