// A running simulator: the generated world behind an HTTP server, with the
// clock, faults, callbacks and counters wired together.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  CallbackDispatcher,
  DEFAULT_CALLBACK_RETRY,
  type CallbackRecord,
  type DeliveryAttempt,
} from './callbacks/delivery.js';
import { CallbackFactory } from './callbacks/events.js';
import { SigningKeys } from './callbacks/signing.js';
import { FaultPlan, type FaultRule } from './faults.js';
import { advanceWorld, generateDataset } from './generator/index.js';
import { injectEntries } from './generator/inject.js';
import {
  DEFAULT_TOKEN_TTL_SECONDS,
  SIMULATOR_CREDENTIALS,
  SUPPORTED_API_VERSIONS,
  type SimulatorOptions,
} from './options.js';
import { adminRequest, type AdminTarget } from './server/admin-routes.js';
import { createRequestHandler } from './server/http.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './server/rate-limit.js';
import { RequestStats } from './server/stats.js';
import { DEFAULT_TOKEN_QUOTA, TokenQuota, type TokenQuotaOptions } from './server/token-quota.js';
import { TokenStore, type Credentials } from './server/tokens.js';
import { Identity, QueryEngine } from './store/query.js';
import type { World } from './store/world.js';
import { summarize, type Summary } from './summary.js';
import { formatInstant } from './util/time.js';

export interface AdvanceResult {
  now: string;
  days: number;
  newEntries: number;
  newTransactions: number;
  newReceipts: number;
  callbacks: number;
}

export interface RunningSimulator {
  /** http://host:port */
  url: string;
  /** API base: …/api */
  apiUrl: string;
  /** …/oauth/token */
  tokenUrl: string;
  /** …/__admin */
  adminUrl: string;
  host: string;
  port: number;
  credentials: Credentials;
  /** the data itself, for tests that compare against it */
  world: World;
  close(): Promise<void>;
  /** moves the clock by whole days, booking each day (and sending callbacks) */
  advance(days: number): AdvanceResult;
  setFaults(rules: FaultRule[]): void;
  addFaults(rules: FaultRule[]): void;
  clearFaults(): void;
  faults(): (FaultRule & { seen: number; fired: number })[];
  setCallbackUrl(url: string | null): void;
  callbacks: {
    records: readonly CallbackRecord[];
    attempts: readonly DeliveryAttempt[];
    /** resolves when every callback is delivered or given up */
    idle(): Promise<void>;
  };
  /** books `rows` entries now into an organization (default: the first active one) */
  inject(organizationId: string | undefined, rows: number): number;
  expireTokens(): number;
  setRateLimit(o: RateLimitOptions): void;
  resetRateLimit(): void;
  setTokenQuota(o: TokenQuotaOptions): void;
  summary(): Summary;
  stats(): ReturnType<RequestStats['snapshot']>;
  resetStats(): void;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const w = generateDataset(opts);
  const creds: Credentials = {
    clientId: opts.clientId ?? SIMULATOR_CREDENTIALS.clientId,
    clientSecret: opts.clientSecret ?? SIMULATOR_CREDENTIALS.clientSecret,
    audience: opts.audience ?? SIMULATOR_CREDENTIALS.audience,
  };
  const faults = new FaultPlan(w.seed, opts.faults ?? []);
  const keys = new SigningKeys(w.seed);
  const limiter = new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const quota = new TokenQuota(opts.tokenQuota ?? DEFAULT_TOKEN_QUOTA);
  const tokens = new TokenStore(w.seed, opts.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const stats = new RequestStats();
  const dispatcher = new CallbackDispatcher(
    keys,
    opts.callbackUrl ?? null,
    { ...DEFAULT_CALLBACK_RETRY, ...opts.callbackRetry },
    () => faults.duplicateCallback(),
  );
  const factory = new CallbackFactory(w);
  // from here on every change is news: receipts and onboarding become callbacks
  w.onEvent = (e) => {
    const event = factory.build(e);
    // the same callback (same X-Callback-Id) again: delivered at least once, sometimes twice
    for (let i = 0; i < ('copies' in e ? (e.copies ?? 1) : 1); i++) dispatcher.enqueue(event);
  };

  const inject = (organizationId: string | undefined, rows: number): number => {
    const org = organizationId ? w.orgById(organizationId) : w.orgs.find((o) => o.activity && o.status === 'ACTIVE');
    if (!org) throw new Error(`unknown organization ${organizationId ?? ''}`);
    return injectEntries(w, org, rows).length;
  };

  const target: AdminTarget &
    Omit<RunningSimulator, 'url' | 'apiUrl' | 'tokenUrl' | 'adminUrl' | 'host' | 'port' | 'close'> = {
    credentials: creds,
    world: w,
    summary: () => summarize(w),
    advance(days: number): AdvanceResult {
      if (!Number.isInteger(days) || days < 1) throw new Error('days must be a positive integer');
      const before = {
        e: w.entries.length,
        t: w.transactions.length,
        r: w.receipts.length,
        c: dispatcher.records.length,
      };
      advanceWorld(w, days);
      return {
        now: formatInstant(w.nowSec, 0, 0),
        days,
        newEntries: w.entries.length - before.e,
        newTransactions: w.transactions.length - before.t,
        newReceipts: w.receipts.length - before.r,
        callbacks: dispatcher.records.length - before.c,
      };
    },
    setFaults: (rules) => faults.set(rules),
    addFaults: (rules) => faults.add(rules),
    clearFaults: () => faults.clear(),
    faults: () => faults.list(),
    faultList: () => faults.list(),
    setCallbackUrl: (url) => {
      dispatcher.url = url;
    },
    callbacks: {
      get records() {
        return dispatcher.records;
      },
      get attempts() {
        return dispatcher.attempts;
      },
      idle: () => dispatcher.idle(),
    },
    callbackLog: (limit) => ({
      url: dispatcher.url,
      records: dispatcher.records.slice(-limit),
      attempts: dispatcher.attempts.slice(-limit),
    }),
    inject,
    expireTokens: () => tokens.expireAll(),
    setRateLimit: (o) => limiter.configure(o),
    resetRateLimit: () => limiter.reset(),
    setTokenQuota: (o) => quota.configure(o),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
  };

  const engine = new QueryEngine(() => w.version);
  const handler = createRequestHandler({
    api: { w, engine, identity: new Identity(), keys },
    faults,
    limiter,
    token: { creds, tokens, quota, onIssued: () => stats.tokensIssued++ },
    stats,
    apiVersions: opts.apiVersions ?? SUPPORTED_API_VERSIONS,
    admin: (req) => adminRequest(target, req),
    insertRows: (orgId, listed, rows) => {
      try {
        inject(orgId ?? listed, rows);
      } catch {
        // a fault aimed at an unknown organization does nothing
      }
    },
    log: opts.log,
  });

  const server: Server = createServer(handler);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${shownHost}:${port}`;
  return {
    ...target,
    url,
    apiUrl: `${url}/api`,
    tokenUrl: `${url}/oauth/token`,
    adminUrl: `${url}/__admin`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        dispatcher.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
