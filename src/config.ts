/**
 * Configuration: the variables of the README's Configuration section, read once from the environment and an
 * optional `.env` in the working directory (the environment wins), validated with zod.
 * Nothing else in the project reads process.env.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { validate as isValidCron } from 'node-cron';
import { z } from 'zod';

import { EMBEDDED_DATA_DIR, type DatabaseTarget } from './db/database.js';
import { ConfigError } from './errors.js';
import { DEFAULT_RATE_LIMIT, ENV_DEFAULTS, MAX_PAGE_SIZE, type PliantEnv } from './pliant/endpoints.js';

/** 25 MB: far above any real receipt, low enough that a runaway download cannot fill a disk. */
export const DEFAULT_RECEIPTS_MAX_BYTES = 25 * 1024 * 1024;

/** Listings per organization and run that re-check receipts without a change signal. */
export const DEFAULT_RECEIPTS_AUDIT_PER_RUN = 50;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface RateLimit {
  requests: number;
  perSeconds: number;
}

export interface Config {
  /** DATABASE_URL as given; unset means the embedded database (`database`). */
  databaseUrl: string | undefined;
  /** The mirror: the server of DATABASE_URL, else the embedded database under ./data/pglite. */
  database: DatabaseTarget;
  pliant: {
    env: PliantEnv;
    apiUrl: string;
    authUrl: string;
    audience: string;
    clientId: string | undefined;
    clientSecret: string | undefined;
    rateLimit: RateLimit;
  };
  sync: { cron: string; timezone: string; lookbackDays: number; pageSize: number };
  receiptsDir: string;
  /** The audit's window: transactions booked within this many days (and those still needing a receipt). */
  receiptsLookbackDays: number;
  /** Per organization and run, transactions of the window whose receipts are re-checked without a change signal. */
  receiptsAuditPerRun: number;
  /** Receipt files above this size are not stored (recorded as a problem instead). */
  receiptsMaxBytes: number;
  callbackPort: number;
  /** Port of `sql-server` (SQL_PORT). */
  sqlPort: number;
  exportConfig: string | undefined;
  logLevel: LogLevel;
}

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.map((p) => p.replace(':', '://…')).join(' or ')} URL`,
  );

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const rateLimit = z
  .string()
  .regex(/^\d+\/\d+$/, 'must be REQUESTS/SECONDS')
  .transform((v): RateLimit => {
    const [requests, perSeconds] = v.split('/').map(Number) as [number, number];
    return { requests, perSeconds };
  })
  .refine((r) => r.requests > 0 && r.perSeconds > 0, 'both numbers must be above 0');

const timezone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'is not a known IANA time zone');

/** Each variable: its schema and a valid example for the error message. */
const VARIABLES = {
  DATABASE_URL: { schema: url(['postgresql:', 'postgres:']), example: 'postgresql://user@127.0.0.1:5432/pliant' },
  PLIANT_ENV: { schema: z.enum(['production', 'sandbox', 'simulator']), example: 'production' },
  PLIANT_API_URL: { schema: url(['https:', 'http:']), example: 'https://partner-api.getpliant.com/api' },
  PLIANT_AUTH_URL: {
    schema: url(['https:', 'http:']),
    example: 'https://infinnityprodinternal.eu.auth0.com/oauth/token',
  },
  PLIANT_AUDIENCE: { schema: z.string().min(1), example: 'api.getpliant.com/api/integration' },
  PLIANT_CLIENT_ID: { schema: z.string().min(1), example: 'your-client-id' },
  PLIANT_CLIENT_SECRET: { schema: z.string().min(1), example: 'your-client-secret' },
  PLIANT_RATE_LIMIT: { schema: rateLimit, example: '900/300' },
  SYNC_CRON: {
    schema: z.string().refine((v) => isValidCron(v), 'is not a valid cron expression'),
    example: '0 4 * * *',
  },
  SYNC_TIMEZONE: { schema: timezone, example: 'Europe/Berlin' },
  SYNC_LOOKBACK_DAYS: { schema: integer(0, 365), example: '3' },
  SYNC_PAGE_SIZE: { schema: integer(1, MAX_PAGE_SIZE), example: '1000' },
  RECEIPTS_DIR: { schema: z.string().min(1), example: './data/receipts' },
  RECEIPTS_LOOKBACK_DAYS: { schema: integer(0, 3650), example: '30' },
  RECEIPTS_MAX_BYTES: { schema: integer(1, 2 ** 31 - 1), example: '26214400' },
  RECEIPTS_AUDIT_PER_RUN: { schema: integer(0, 1_000_000), example: '50' },
  CALLBACK_PORT: { schema: integer(1, 65535), example: '8080' },
  SQL_PORT: { schema: integer(1, 65535), example: '5433' },
  EXPORT_CONFIG: { schema: z.string().min(1), example: './export-config.yaml' },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS), example: 'info' },
} as const;

type VariableName = keyof typeof VARIABLES;
type Parsed = { [K in VariableName]?: z.output<(typeof VARIABLES)[K]['schema']> };

export const VARIABLE_NAMES = Object.keys(VARIABLES) as VariableName[];

/** Reads `.env` from `cwd` (if present) under the given environment; empty values count as unset. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Record<string, string> {
  const file = join(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...fromFile, ...env })) {
    if (value !== undefined && value.trim() !== '') merged[key] = value.trim();
  }
  return merged;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const source = readEnvironment(env, cwd);
  const problems: ConstructorParameters<typeof ConfigError>[0] = [];
  const parsed: Record<string, unknown> = {};
  for (const name of VARIABLE_NAMES) {
    const value = source[name];
    if (value === undefined) continue;
    const result = VARIABLES[name].schema.safeParse(value);
    if (result.success) parsed[name] = result.data;
    else {
      const problem = result.error.issues[0]?.message ?? 'is not valid';
      problems.push({
        variable: name,
        problem: `"${value}" ${problem.replace(/^Invalid option: expected one of/, 'must be one of')}`,
        example: VARIABLES[name].example,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const p = parsed as Parsed;
  const pliantEnv = p.PLIANT_ENV ?? 'production';
  const defaults = ENV_DEFAULTS[pliantEnv];
  return {
    databaseUrl: p.DATABASE_URL,
    database: p.DATABASE_URL
      ? { kind: 'server', url: p.DATABASE_URL }
      : { kind: 'embedded', dataDir: resolve(cwd, EMBEDDED_DATA_DIR) },
    pliant: {
      env: pliantEnv,
      apiUrl: p.PLIANT_API_URL ?? defaults.apiUrl,
      authUrl: p.PLIANT_AUTH_URL ?? defaults.authUrl,
      audience: p.PLIANT_AUDIENCE ?? defaults.audience,
      clientId: p.PLIANT_CLIENT_ID ?? defaults.clientId,
      clientSecret: p.PLIANT_CLIENT_SECRET ?? defaults.clientSecret,
      rateLimit: p.PLIANT_RATE_LIMIT ?? { ...DEFAULT_RATE_LIMIT },
    },
    sync: {
      cron: p.SYNC_CRON ?? '0 4 * * *',
      timezone: p.SYNC_TIMEZONE ?? 'Europe/Berlin',
      lookbackDays: p.SYNC_LOOKBACK_DAYS ?? 3,
      pageSize: p.SYNC_PAGE_SIZE ?? MAX_PAGE_SIZE,
    },
    receiptsDir: p.RECEIPTS_DIR ?? './data/receipts',
    receiptsLookbackDays: p.RECEIPTS_LOOKBACK_DAYS ?? 30,
    receiptsMaxBytes: p.RECEIPTS_MAX_BYTES ?? DEFAULT_RECEIPTS_MAX_BYTES,
    receiptsAuditPerRun: p.RECEIPTS_AUDIT_PER_RUN ?? DEFAULT_RECEIPTS_AUDIT_PER_RUN,
    callbackPort: p.CALLBACK_PORT ?? 8080,
    sqlPort: p.SQL_PORT ?? 5433,
    exportConfig: p.EXPORT_CONFIG,
    logLevel: p.LOG_LEVEL ?? 'info',
  };
}

export function requireDatabaseUrl(config: Config): string {
  if (config.databaseUrl) return config.databaseUrl;
  throw new ConfigError([
    {
      variable: 'DATABASE_URL',
      problem: 'is not set: the mirror database is needed for this command',
      example: VARIABLES.DATABASE_URL.example,
    },
  ]);
}

export function requirePliantCredentials(config: Config): { clientId: string; clientSecret: string } {
  const { clientId, clientSecret } = config.pliant;
  const missing = [
    !clientId && { variable: 'PLIANT_CLIENT_ID', example: VARIABLES.PLIANT_CLIENT_ID.example },
    !clientSecret && { variable: 'PLIANT_CLIENT_SECRET', example: VARIABLES.PLIANT_CLIENT_SECRET.example },
  ].filter((m) => m !== false);
  if (missing.length > 0 || !clientId || !clientSecret) {
    throw new ConfigError(
      missing.map((m) => ({
        ...m,
        problem: `is not set: Pliant API credentials are required unless PLIANT_ENV=simulator`,
      })),
    );
  }
  return { clientId, clientSecret };
}
