/** Options and output shared by `sync` and `backfill`. */
import { Command, InvalidArgumentError, Option } from 'commander';

import { isIsoDate } from '../../pliant/formats.js';
import { clientFromConfig } from '../../pliant/from-config.js';
import { STREAM_NAMES, type StreamName } from '../../streams/types.js';
import { runOptionsFromConfig, type RunRequest } from '../../sync/from-config.js';
import { logProgress, terminalProgress } from '../../sync/progress.js';
import { runSync, type RunResult } from '../../sync/runner.js';
import type { Context } from '../context.js';
import { withMirror } from '../mirror.js';
import { failed, succeeded, type Outcome } from '../outcome.js';
import { printJson, renderTable } from '../output.js';

export interface RunFlags {
  org?: string[];
  stream?: StreamName[];
  concurrency: number;
  json?: boolean;
}

/** The exit codes of `sync` and `backfill`, for their --help. */
export const EXIT_CODES_OF_RUNS =
  'Exit codes: 0 the run succeeded; 1 it did not (failed, incomplete, or stopped before it finished:\n' +
  'the reason is on stderr and in sync_runs); 2 bad usage or configuration; 3 another sync holds the lock.';

/** `--org a b`, `--org a --org b` and `--org a,b` all mean the same. */
const split = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
const collect = (value: string, previous: string[] = []): string[] => [...previous, ...split(value)];

export function parseStream(value: string, previous: StreamName[] = []): StreamName[] {
  const names = split(value);
  const unknown = names.find((name) => !(STREAM_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined)
    throw new InvalidArgumentError(`unknown stream "${unknown}"; streams are ${STREAM_NAMES.join(', ')}`);
  return [...previous, ...(names as StreamName[])];
}

export function parseDate(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`"${value}" is not a date: use YYYY-MM-DD, e.g. 2026-01-31`);
  return value;
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new InvalidArgumentError('must be a whole number from 1 to 16');
  return n;
}

export function addRunOptions(command: Command): Command {
  return command
    .option('--org <id...>', 'only these organizations (ids; repeat or separate with spaces or commas)', collect)
    .option('--stream <name...>', `only these streams: ${STREAM_NAMES.join(', ')}`, parseStream)
    .addOption(
      new Option('--concurrency <n>', 'organizations synced at once (they share the rate limit)')
        .argParser(parseConcurrency)
        .default(2),
    )
    .option('--json', 'print the run summary as JSON on stdout');
}

/** Runs and reports the run; its status is the command's outcome (see runOutcome). */
export async function executeRun(
  context: Context,
  flags: RunFlags,
  kind: RunRequest['kind'],
  signal?: AbortSignal,
): Promise<RunResult> {
  const { config, logger } = context;
  const client = clientFromConfig(config, logger);
  const progress = !flags.json && process.stderr.isTTY ? terminalProgress() : logProgress(logger);
  const options = runOptionsFromConfig(config, {
    kind,
    progress,
    concurrency: flags.concurrency,
    ...(flags.org ? { organizations: flags.org } : {}),
    ...(flags.stream ? { streams: flags.stream } : {}),
    ...(signal ? { signal } : {}),
  });
  return withMirror(context, options.mode.kind, async (database) => {
    const result = await runSync({ database, client, logger }, options);
    if (flags.json) printJson(result);
    else process.stdout.write(renderRunSummary(result) + '\n');
    return result;
  });
}

/** Only a run that ended `succeeded` is a success: failed, incomplete and stopped runs exit 1. */
export function runOutcome(result: RunResult): Outcome {
  if (result.status === 'succeeded') return succeeded;
  return failed(`${result.kind} run ${result.runId} ended ${result.status}${result.error ? `: ${result.error}` : ''}`);
}

export function renderRunSummary(result: RunResult): string {
  const table = renderTable(
    [
      'organization',
      'stream',
      'status',
      'requests',
      'retries',
      'pages',
      'fetched',
      'inserted',
      'updated',
      'unchanged',
      'files',
    ],
    [...result.streams]
      .sort((a, b) =>
        a.organizationId === b.organizationId
          ? 0
          : a.organizationId === '*'
            ? -1
            : b.organizationId === '*'
              ? 1
              : a.organizationId < b.organizationId
                ? -1
                : 1,
      )
      .map((s) => [
        s.organizationId,
        s.stream,
        s.status,
        s.requests,
        s.retries,
        s.pages,
        s.fetched,
        s.inserted,
        s.updated,
        s.unchanged,
        s.filesDownloaded,
      ]),
  );
  const t = result.totals;
  const files =
    t.filesDownloaded > 0 ? `, ${t.filesDownloaded} receipt files downloaded (${t.bytesDownloaded} bytes)` : '';
  const head = `${result.kind} run ${result.runId}: ${result.status} — ${t.requests} requests, ${t.fetched} rows fetched, ${t.inserted} inserted, ${t.updated} updated, ${t.unchanged} unchanged${files}`;
  return [head, table, ...(result.error ? [`error: ${result.error}`] : [])].join('\n');
}
