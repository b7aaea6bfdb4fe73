/**
 * Progress of a run: on a terminal, one live line per stream and organization, rewritten in
 * place, then a summary table; off a terminal, log lines (a page count every few pages, and
 * one line per finished stream).
 */
import type { Logger } from '../logger.js';
import type { PageStats } from './run-log.js';

export interface Progress {
  start?(stream: string, organizationId: string): void;
  page(stream: string, organizationId: string, total: PageStats): void;
  streamDone(stream: string, organizationId: string, total: PageStats, outcome: string): void;
}

export const silentProgress: Progress = { page: () => undefined, streamDone: () => undefined };

export function logProgress(logger: Logger, everyPages = 20): Progress {
  return {
    page(stream, organizationId, total) {
      if (total.pages % everyPages === 0)
        logger.info(`${stream}: ${total.pages} pages, ${total.fetched} rows`, { stream, organizationId, ...total });
    },
    streamDone(stream, organizationId, total, outcome) {
      logger.info(
        `${stream} ${outcome}: ${total.fetched} rows fetched, ${total.inserted} inserted, ${total.updated} updated, ${total.unchanged} unchanged`,
        {
          stream,
          organizationId,
          outcome,
          ...total,
        },
      );
    },
  };
}

/** Live lines on a terminal (stderr), one per stream and organization, rate in rows per second. */
export function terminalProgress(out: NodeJS.WriteStream = process.stderr): Progress {
  const started = new Map<string, number>();
  let lastDraw = 0;
  const line = (stream: string, organizationId: string, total: PageStats, state: string): string => {
    const key = `${organizationId} ${stream}`;
    const seconds = Math.max((Date.now() - (started.get(key) ?? Date.now())) / 1000, 0.001);
    const rate = Math.round(total.fetched / seconds);
    return `${state.padEnd(9)} ${stream.padEnd(16)} ${organizationId.slice(0, 36).padEnd(36)} ${String(total.pages).padStart(5)} pages ${String(total.fetched).padStart(9)} rows ${String(rate).padStart(7)} rows/s`;
  };
  return {
    start(stream, organizationId) {
      started.set(`${organizationId} ${stream}`, Date.now());
    },
    page(stream, organizationId, total) {
      if (Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      out.write(`\r\x1b[2K${line(stream, organizationId, total, 'syncing')}`);
    },
    streamDone(stream, organizationId, total, outcome) {
      out.write(`\r\x1b[2K${line(stream, organizationId, total, outcome)}\n`);
    },
  };
}
