// `pliant-sync simulator`: serves the bundled Pliant API simulator by hand.
import { Command, InvalidArgumentError, Option } from 'commander';

import { parseFaultSpec } from '../../simulator/fault-spec.js';
import type { FaultRule } from '../../simulator/faults.js';
import { startSimulator, type RunningSimulator } from '../../simulator/index.js';
import { returnsOutcome, succeeded } from '../outcome.js';

function int(name: string, min: number, max: number): (v: string) => number {
  return (v) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    const n = Number(v);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

function ratio(name: string, example: string): (v: string) => [number, number] {
  return (v) => {
    const m = /^(\d+)\/(\d+)$/.exec(v);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
      throw new InvalidArgumentError(`${name} must look like ${example}.`);
    return [Number(m[1]), Number(m[2])];
  };
}

function probability(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('must be a probability from 0 to 1, e.g. 0.05.');
  return n;
}

function collectFault(v: string, previous: FaultRule[]): FaultRule[] {
  try {
    return [...previous, parseFaultSpec(v)];
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

function instant(v: string): string {
  if (!Number.isFinite(Date.parse(v)))
    throw new InvalidArgumentError('must be an ISO date or instant, e.g. 2025-06-01 or 2025-06-01T00:00:00Z.');
  return v;
}

interface Flags {
  port: number;
  host: string;
  seed: number;
  orgs: number;
  days: number;
  now?: string;
  entries?: number;
  advanceEvery?: number;
  callbackUrl?: string;
  rateLimit: [number, number];
  tokenQuota: [number, number];
  tokenTtl: number;
  fault: FaultRule[];
  slow?: number;
  errorRate?: number;
  resetEvery?: number;
  verbose?: boolean;
}

function banner(sim: RunningSimulator, flags: Flags): string {
  const s = sim.summary();
  const orgs = s.organizations
    .map(
      (o) =>
        `  ${o.organizationId}  ${o.accountType.padEnd(9)} ${o.kind.padEnd(9)} ${o.status.padEnd(30)} ${o.entries.toString().padStart(7)} entries  ${o.name}`,
    )
    .join('\n');
  return [
    `Pliant API simulator: seed ${flags.seed}, ${flags.orgs} organizations, ${flags.days} days of history up to ${s.now}, ${s.totals.entries} account entries`,
    '',
    `  API          ${sim.apiUrl}`,
    `  token URL    ${sim.tokenUrl}`,
    `  signing keys ${sim.apiUrl}/partner-management/signing/jwks.json`,
    `  admin        ${sim.adminUrl}   (GET it for the list of controls)`,
    '',
    'Point pliant-sync at it (paste into .env or export):',
    '',
    'PLIANT_ENV=simulator',
    `PLIANT_API_URL=${sim.apiUrl}`,
    `PLIANT_AUTH_URL=${sim.tokenUrl}`,
    `PLIANT_AUDIENCE=${sim.credentials.audience}`,
    `PLIANT_CLIENT_ID=${sim.credentials.clientId}`,
    `PLIANT_CLIENT_SECRET=${sim.credentials.clientSecret}`,
    '',
    'Organizations:',
    orgs,
    '',
    flags.advanceEvery
      ? `The clock moves one day every ${flags.advanceEvery} s.`
      : `Move the clock: curl -X POST ${sim.adminUrl}/advance -d '{"days":1}'`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

export function simulatorCommand(): Command {
  return new Command('simulator')
    .description('Serve the bundled Pliant API simulator (deterministic data, a clock, faults on demand).')
    .addOption(
      new Option('--port <n>', 'port to listen on (0 picks a free one)').default(4010).argParser(int('port', 0, 65535)),
    )
    .addOption(new Option('--host <host>', 'address to listen on').default('127.0.0.1'))
    .addOption(
      new Option('--seed <n>', 'data seed: same seed, same data').default(42).argParser(int('seed', 0, 4294967295)),
    )
    .addOption(
      new Option('--orgs <n>', 'organizations (credit, prefunded, hybrid, then other statuses)')
        .default(3)
        .argParser(int('orgs', 1, 1000)),
    )
    .addOption(
      new Option('--days <n>', 'days of booked history before now').default(90).argParser(int('days', 1, 3660)),
    )
    .addOption(new Option('--now <instant>', 'the clock at start (default: today 00:00 UTC)').argParser(instant))
    .addOption(
      new Option('--entries <n>', 'aim for about this many account entries (scale test)').argParser(
        int('entries', 1, 50_000_000),
      ),
    )
    .addOption(
      new Option('--advance-every <seconds>', 'move the clock one day every so many seconds').argParser(
        int('advance-every', 1, 86400),
      ),
    )
    .addOption(new Option('--callback-url <url>', 'POST signed receipt callbacks here'))
    .addOption(
      new Option('--rate-limit <requests/seconds>', 'API rate limit per client address')
        .default([900, 300], '900/300')
        .argParser(ratio('rate-limit', '900/300')),
    )
    .addOption(
      new Option('--token-quota <perHour/perDay>', 'token requests allowed')
        .default([42, 100], '42/100')
        .argParser(ratio('token-quota', '42/100')),
    )
    .addOption(
      new Option('--token-ttl <seconds>', 'token lifetime (expires_in)')
        .default(86400)
        .argParser(int('token-ttl', 1, 31_536_000)),
    )
    .addOption(
      new Option('--fault <spec>', 'add a fault rule, repeatable; e.g. status:status=503,count=3 or reset:every=7')
        .default([], 'none')
        .argParser(collectFault),
    )
    .addOption(new Option('--slow <ms>', 'delay every API response').argParser(int('slow', 1, 600_000)))
    .addOption(
      new Option('--error-rate <p>', 'answer this share of API requests with 500 or 503').argParser(probability),
    )
    .addOption(
      new Option('--reset-every <n>', 'reset the connection of every n-th API request').argParser(
        int('reset-every', 1, 1_000_000),
      ),
    )
    .option('--verbose', 'log every request to stderr')
    .addHelpText(
      'after',
      `
Fault kinds (for --fault, and PUT /__admin/faults as JSON):
  status      answer with status=<code> (503 comes as a proxy's HTML page)
  storm       429 with the rate-limit body; retryAfter=<s> adds Retry-After
  slow        wait delayMs=<ms>
  reset       drop the TCP connection
  malformed   200 with truncated JSON
  noContent   204 (feature disabled)
  violation   a record on page=<p> breaks the contract (variant=missingId|floatAmount|stringAmount|badDate|nullAmount|stringIndex)
  insertRows  after page=<p> is served, book rows=<n> entries (paging shifts)
  duplicateCallback  deliver a callback twice (endpoint=callback)
When a rule fires: count=<n> (next n requests, default 1), every=<n>, probability=<p>, skip=<n>;
endpoint=<route> limits it (organizations, cardholders, cards, account-entries, transactions,
payments, receipts, receipt-file, leads, jwks, token), default every API route.

Examples:
  pliant-sync simulator --port 4010 --seed 42 --orgs 3 --days 90
  pliant-sync simulator --fault status:status=503,count=3 --fault reset:every=50
  pliant-sync simulator --callback-url http://127.0.0.1:8080/callbacks --advance-every 60`,
    )
    .action(
      returnsOutcome(async (flags: Flags) => {
        const faults: FaultRule[] = [...flags.fault];
        if (flags.slow) faults.push({ kind: 'slow', delayMs: flags.slow, every: 1 });
        if (flags.errorRate) {
          faults.push({ kind: 'status', status: 500, probability: flags.errorRate / 2 });
          faults.push({ kind: 'status', status: 503, probability: flags.errorRate / 2 });
        }
        if (flags.resetEvery) faults.push({ kind: 'reset', every: flags.resetEvery });
        let sim: RunningSimulator;
        try {
          sim = await startSimulator({
            host: flags.host,
            port: flags.port,
            seed: flags.seed,
            orgs: flags.orgs,
            days: flags.days,
            now: flags.now,
            entriesTarget: flags.entries,
            callbackUrl: flags.callbackUrl ?? null,
            rateLimit: { requests: flags.rateLimit[0], windowSeconds: flags.rateLimit[1] },
            tokenQuota: { perHour: flags.tokenQuota[0], perDay: flags.tokenQuota[1] },
            tokenTtlSeconds: flags.tokenTtl,
            faults,
            log: flags.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
          });
        } catch (e) {
          // the CLI's main prints it and exits with 1
          throw new Error(
            `the simulator could not start on ${flags.host}:${flags.port}: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
        process.stdout.write(banner(sim, flags));
        const timer = flags.advanceEvery
          ? setInterval(() => {
              const r = sim.advance(1);
              process.stderr.write(
                `clock: ${r.now}, ${r.newEntries} new entries, ${r.newReceipts} new receipts, ${r.callbacks} callbacks\n`,
              );
            }, flags.advanceEvery * 1000)
          : undefined;
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        if (timer) clearInterval(timer);
        await sim.close();
        process.stderr.write('simulator stopped\n');
        return succeeded;
      }),
    );
}
