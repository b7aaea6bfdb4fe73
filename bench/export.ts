// Export of the synced entries (runExport, nothing written to disk), run in a child process:
// journal lines per second; the parent adds the child's peak RSS.
import { openServer } from '../src/db/server.js';
import { loadExportSettings, runExport } from '../src/export/index.js';
import type { ExportFormat, Period } from '../src/export/types.js';

export interface ExportArgs {
  databaseUrl: string;
  format: ExportFormat;
  period: Period;
}

export interface ExportMeasured {
  entries: number;
  lines: number;
  bytes: number;
  seconds: number;
  linesPerSecond: number;
}

export async function task(args: ExportArgs): Promise<ExportMeasured> {
  const database = openServer(args.databaseUrl);
  try {
    const t0 = performance.now();
    const result = await runExport(database.prisma, {
      format: args.format,
      period: args.period,
      mode: 'all',
      settings: loadExportSettings(undefined),
      timeZone: 'Europe/Berlin',
    });
    const seconds = (performance.now() - t0) / 1000;
    const lines = result.summary.lines;
    return {
      entries: result.summary.entries.inPeriod,
      lines,
      bytes: result.files.reduce((n, f) => n + f.bytes.length, 0),
      seconds,
      linesPerSecond: Math.round(lines / seconds),
    };
  } finally {
    await database.close();
  }
}
