import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig, requireDatabaseUrl, requirePliantCredentials } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

const emptyDir = () => mkdtempSync(join(tmpdir(), 'pliant-config-'));

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, emptyDir());
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has the defaults of the README', () => {
    const config = loadConfig({}, emptyDir());
    expect(config.pliant).toEqual({
      env: 'production',
      apiUrl: 'https://partner-api.getpliant.com/api',
      authUrl: 'https://infinnityprodinternal.eu.auth0.com/oauth/token',
      audience: 'api.getpliant.com/api/integration',
      clientId: undefined,
      clientSecret: undefined,
      rateLimit: { requests: 900, perSeconds: 300 },
    });
    expect(config.sync).toEqual({ cron: '0 4 * * *', timezone: 'Europe/Berlin', lookbackDays: 3, pageSize: 1000 });
    expect(config.receiptsDir).toBe('./data/receipts');
    expect(config.callbackPort).toBe(8080);
    expect(config.exportConfig).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config.databaseUrl).toBeUndefined();
  });

  it('picks the URL defaults from PLIANT_ENV', () => {
    expect(loadConfig({ PLIANT_ENV: 'sandbox' }, emptyDir()).pliant).toMatchObject({
      apiUrl: 'https://sandbox.partner-api.getpliant.com/api',
      authUrl: 'https://infinnitystaginginternal.eu.auth0.com/oauth/token',
      audience: 'api.staging.v2.infinnitytest.com/api/integration',
    });
    expect(loadConfig({ PLIANT_ENV: 'simulator' }, emptyDir()).pliant).toMatchObject({
      apiUrl: 'http://127.0.0.1:4010/api',
      authUrl: 'http://127.0.0.1:4010/oauth/token',
      audience: 'simulator',
      clientId: 'simulator',
      clientSecret: 'simulator',
    });
    // An explicit variable beats the environment's default.
    expect(
      loadConfig({ PLIANT_ENV: 'simulator', PLIANT_API_URL: 'http://127.0.0.1:5000/api' }, emptyDir()).pliant.apiUrl,
    ).toBe('http://127.0.0.1:5000/api');
  });

  it('reads .env from the working directory, the environment winning', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, '.env'),
      'SYNC_LOOKBACK_DAYS=7\nLOG_LEVEL=debug\nPLIANT_RATE_LIMIT=100/60\n# comment\nCALLBACK_PORT=\n',
    );
    const config = loadConfig({ LOG_LEVEL: 'warn' }, dir);
    expect(config.sync.lookbackDays).toBe(7);
    expect(config.logLevel).toBe('warn');
    expect(config.pliant.rateLimit).toEqual({ requests: 100, perSeconds: 60 });
    expect(config.callbackPort).toBe(8080);
  });

  it.each([
    [
      'DATABASE_URL',
      'mysql://x',
      'DATABASE_URL: "mysql://x" must be a postgresql://… or postgres://… URL (for example DATABASE_URL=postgresql://',
    ],
    [
      'PLIANT_ENV',
      'staging',
      'PLIANT_ENV: "staging" must be one of "production"|"sandbox"|"simulator" (for example PLIANT_ENV=production)',
    ],
    [
      'PLIANT_RATE_LIMIT',
      '900',
      'PLIANT_RATE_LIMIT: "900" must be REQUESTS/SECONDS (for example PLIANT_RATE_LIMIT=900/300)',
    ],
    ['PLIANT_RATE_LIMIT', '0/300', 'both numbers must be above 0'],
    [
      'SYNC_CRON',
      '0 25 * * *',
      'SYNC_CRON: "0 25 * * *" is not a valid cron expression (for example SYNC_CRON=0 4 * * *)',
    ],
    [
      'SYNC_TIMEZONE',
      'Mars/Olympus',
      'SYNC_TIMEZONE: "Mars/Olympus" is not a known IANA time zone (for example SYNC_TIMEZONE=Europe/Berlin)',
    ],
    ['SYNC_LOOKBACK_DAYS', '-1', 'SYNC_LOOKBACK_DAYS: "-1" must be a whole number (for example SYNC_LOOKBACK_DAYS=3)'],
    ['CALLBACK_PORT', '70000', 'CALLBACK_PORT: "70000" must be between 1 and 65535 (for example CALLBACK_PORT=8080)'],
    ['LOG_LEVEL', 'verbose', 'LOG_LEVEL: "verbose" must be one of "error"|"warn"|"info"|"debug"'],
    ['PLIANT_API_URL', 'partner-api', 'PLIANT_API_URL: "partner-api" must be a https://… or http://… URL'],
  ])('rejects a malformed %s=%s naming it and a valid value', (variable, value, message) => {
    const error = configError({ [variable]: value });
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(message);
  });

  it('reads the receipt variables, with defaults of 30 days and 25 MB', () => {
    const defaults = loadConfig({}, emptyDir());
    expect(defaults.receiptsLookbackDays).toBe(30);
    expect(defaults.receiptsMaxBytes).toBe(25 * 1024 * 1024);
    const set = loadConfig(
      { RECEIPTS_LOOKBACK_DAYS: '0', RECEIPTS_MAX_BYTES: '1048576', RECEIPTS_DIR: '/srv/receipts' },
      emptyDir(),
    );
    expect(set.receiptsLookbackDays).toBe(0);
    expect(set.receiptsMaxBytes).toBe(1048576);
    expect(set.receiptsDir).toBe('/srv/receipts');
    expect(configError({ RECEIPTS_LOOKBACK_DAYS: 'a month' }).message).toContain(
      'RECEIPTS_LOOKBACK_DAYS: "a month" must be a whole number (for example RECEIPTS_LOOKBACK_DAYS=30)',
    );
    expect(configError({ RECEIPTS_MAX_BYTES: '25MB' }).message).toContain(
      'RECEIPTS_MAX_BYTES: "25MB" must be a whole number (for example RECEIPTS_MAX_BYTES=26214400)',
    );
    expect(configError({ RECEIPTS_MAX_BYTES: '0' }).message).toContain('RECEIPTS_MAX_BYTES: "0" must be between 1 and');
  });

  it('reads RECEIPTS_AUDIT_PER_RUN, 50 by default, 0 switching the audit off, and refuses anything but a whole number', () => {
    expect(loadConfig({}, emptyDir()).receiptsAuditPerRun).toBe(50);
    expect(loadConfig({ RECEIPTS_AUDIT_PER_RUN: '0' }, emptyDir()).receiptsAuditPerRun).toBe(0);
    expect(loadConfig({ RECEIPTS_AUDIT_PER_RUN: '400' }, emptyDir()).receiptsAuditPerRun).toBe(400);
    for (const bad of ['-5', 'all', '2.5']) {
      const error = configError({ RECEIPTS_AUDIT_PER_RUN: bad });
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain(
        `RECEIPTS_AUDIT_PER_RUN: "${bad}" must be a whole number (for example RECEIPTS_AUDIT_PER_RUN=50)`,
      );
    }
    expect(configError({ RECEIPTS_AUDIT_PER_RUN: '5000000' }).message).toContain(
      'RECEIPTS_AUDIT_PER_RUN: "5000000" must be between 0 and 1000000',
    );
  });

  it('reports every bad variable at once', () => {
    const error = configError({ LOG_LEVEL: 'loud', CALLBACK_PORT: 'x' });
    expect(error.problems.map((p) => p.variable)).toEqual(['CALLBACK_PORT', 'LOG_LEVEL']);
  });

  it('requires DATABASE_URL and the credentials only where a command needs them', () => {
    const config = loadConfig({}, emptyDir());
    expect(() => requireDatabaseUrl(config)).toThrow(
      /DATABASE_URL: is not set.*for example DATABASE_URL=postgresql:\/\//s,
    );
    expect(() => requirePliantCredentials(config)).toThrow(
      /PLIANT_CLIENT_ID: is not set[\s\S]*PLIANT_CLIENT_SECRET: is not set/,
    );
    const ok = loadConfig(
      { DATABASE_URL: 'postgresql://u@h/db', PLIANT_CLIENT_ID: 'id', PLIANT_CLIENT_SECRET: 'secret' },
      emptyDir(),
    );
    expect(requireDatabaseUrl(ok)).toBe('postgresql://u@h/db');
    expect(requirePliantCredentials(ok)).toEqual({ clientId: 'id', clientSecret: 'secret' });
    expect(requirePliantCredentials(loadConfig({ PLIANT_ENV: 'simulator' }, emptyDir()))).toEqual({
      clientId: 'simulator',
      clientSecret: 'simulator',
    });
  });
});
