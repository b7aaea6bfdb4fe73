import { Command, Option } from 'commander';

import type { PrismaClient } from '../../db/prisma.js';
import { UsageError } from '../../errors.js';
import { outputPaths, writeOutputs } from '../../export/files.js';
import {
  getBatch,
  listBatches,
  loadExportSettings,
  parsePeriod,
  renderSummary,
  runExport,
} from '../../export/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/types.js';
import type { Context } from '../context.js';
import { withMirror } from '../mirror.js';
import { returnsOutcome, succeeded } from '../outcome.js';
import { printJson, renderTable } from '../output.js';

interface ExportOpts {
  format?: string;
  from?: string;
  to?: string;
  org?: string;
  out?: string;
  all?: boolean;
  json?: boolean;
  batch?: string;
  list?: boolean;
}

export function exportCommand(context: () => Context): Command {
  return new Command('export')
    .description('journal lines for booked entries; by default only those not yet exported to that format')
    .addOption(new Option('--format <format>', 'the target format').choices([...EXPORT_FORMATS]))
    .option('--from <date>', 'first booking date, YYYY-MM-DD')
    .option('--to <date>', 'last booking date, YYYY-MM-DD')
    .option('--org <id>', 'only this organization')
    .option('--out <path>', 'directory (or, for a single file, file name) to write to', '.')
    .option('--all', 'repeat the period into a new file without marking anything exported')
    .option('--batch <id>', 'write a finished batch again: its stored bytes, unchanged')
    .option('--list', 'list the export batches (newest first; --format and --org filter)')
    .option('--json', 'print the export summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nBooks every booked account entry (purchases, refunds, chargebacks, cash withdrawals, fees, bill\n' +
        'payments, top-ups, payouts) as balanced journal lines with the accounts of EXPORT_CONFIG (default:\n' +
        'the built-in SKR03 preset). DATEV files hold one calendar month each. An entry is exported once\n' +
        'per format; one that changed after export is reversed and booked again in the next batch.\n' +
        'Each file is kept in the database (export_batches): --batch ID writes it again, byte for byte.\n' +
        'The export is refused (exit 1, nothing written) when an entry does not balance or the exported\n' +
        "entries disagree with the card account's balance change.\n\n" +
        'Exit codes: 0 exported (or nothing new to export); 1 the export was refused (an entry that does not\n' +
        'balance, a reconciliation that does not agree, a file the DATEV pre-flight check rejects: each problem\n' +
        'is listed, nothing is written or marked); 2 bad usage, configuration or EXPORT_CONFIG.',
    )
    .action(
      returnsOutcome(async (opts: ExportOpts) => {
        const ctx = context();
        const { config, logger } = ctx;
        if (opts.list && opts.batch !== undefined) throw new UsageError('--list and --batch do not go together');
        if (opts.list || opts.batch !== undefined) {
          await withMirror(ctx, 'export', (db) => (opts.list ? list(db.prisma, opts) : rewrite(db.prisma, opts)));
          return succeeded;
        }
        const missing = (['format', 'from', 'to'] as const).filter((o) => opts[o] === undefined).map((o) => `--${o}`);
        if (missing.length > 0) throw new UsageError(`export needs ${missing.join(', ')} (or --batch ID, or --list)`);
        const period = parsePeriod(opts.from!, opts.to!);
        const settings = loadExportSettings(config.exportConfig);
        return withMirror(ctx, 'export', async ({ prisma }) => {
          const result = await runExport(prisma, {
            format: opts.format as ExportFormat,
            period,
            ...(opts.org !== undefined ? { organizationId: opts.org } : {}),
            mode: opts.all ? 'all' : 'new',
            settings,
            timeZone: config.sync.timezone,
            out: opts.out ?? '.',
            logger,
          });
          if (opts.json) printJson(result.summary);
          else process.stdout.write(renderSummary(result.summary) + '\n');
          return succeeded;
        });
      }),
    );
}

async function list(prisma: PrismaClient, opts: ExportOpts): Promise<void> {
  const batches = await listBatches(prisma, {
    ...(opts.format !== undefined ? { format: opts.format } : {}),
    ...(opts.org !== undefined ? { organizationId: opts.org } : {}),
  });
  if (opts.json) return printJson({ batches });
  if (batches.length === 0) return void process.stdout.write('No export batches yet.\n');
  process.stdout.write(
    renderTable(
      ['batch', 'format', 'mode', 'organization', 'period', 'created', 'entries', 'lines', 'sha256', 'file'],
      batches.map((b) => [
        b.id,
        b.format,
        b.mode,
        b.organizationId,
        `${b.periodFrom} – ${b.periodTo}`,
        b.createdAt.toISOString(),
        b.entryCount,
        b.lineCount,
        b.sha256.slice(0, 12),
        b.fileName,
      ]),
    ) + '\n',
  );
}

async function rewrite(prisma: PrismaClient, opts: ExportOpts): Promise<void> {
  if (!/^\d+$/.test(opts.batch!))
    throw new UsageError(`--batch "${opts.batch}" is not a batch number (see export --list)`);
  const batch = await getBatch(prisma, BigInt(opts.batch!));
  if (!batch) throw new UsageError(`--batch ${opts.batch}: no such export batch (see export --list)`);
  const [path] = outputPaths(opts.out ?? '.', [batch.fileName]);
  writeOutputs([{ path: path!, bytes: batch.bytes }]);
  const { bytes: _bytes, summary: _summary, ...info } = batch;
  if (opts.json) printJson({ batch: info, path });
  else {
    process.stdout.write(
      `Batch ${batch.id} (${batch.format}, ${batch.mode}, organization ${batch.organizationId}, ${batch.periodFrom} – ${batch.periodTo}, ` +
        `written ${batch.createdAt.toISOString()}): ${batch.sizeBytes} bytes, sha256 ${batch.sha256}, as stored, to ${path}\n`,
    );
  }
}
