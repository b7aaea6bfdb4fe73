/**
 * winston to stderr: readable lines on a terminal, JSON lines elsewhere. Every line passes
 * through redact() first, whatever its level, so no secret reaches a log.
 */
import type { Writable } from 'node:stream';
import winston, { type Logger } from 'winston';

import { redact, redactText } from './redact.js';

export type { Logger } from 'winston';

export interface LoggerOptions {
  level?: string;
  /** JSON lines; defaults to true unless the stream is a terminal. */
  json?: boolean;
  /** Where lines go; stderr by default (stdout is for --json results). */
  stream?: Writable & { isTTY?: boolean };
}

const MESSAGE = Symbol.for('message');

const redactInfo = winston.format((info) => {
  const clean = redact({ ...info }) as Record<string, unknown>;
  for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
  return Object.assign(info, clean);
});

/** Last net: the rendered line itself. */
const redactRendered = winston.format((info) => {
  const rendered = (info as Record<symbol, unknown>)[MESSAGE];
  if (typeof rendered === 'string') (info as Record<symbol, unknown>)[MESSAGE] = redactText(rendered);
  return info;
});

function readable(): winston.Logform.Format {
  return winston.format.printf((info) => {
    const { level, message, timestamp, stack, ...meta } = info as Record<string, unknown>;
    const extra = Object.keys(meta).length > 0 ? ' ' + JSON.stringify(meta) : '';
    const trace = typeof stack === 'string' && (info.level === 'error' || info.level === 'debug') ? `\n${stack}` : '';
    return `${String(timestamp)} ${String(level)} ${String(message)}${extra}${trace}`;
  });
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const json = options.json ?? !stream.isTTY;
  const format = winston.format.combine(
    winston.format.errors({ stack: true }),
    redactInfo(),
    winston.format.timestamp(),
    ...(json ? [winston.format.json()] : [winston.format.colorize(), readable()]),
    redactRendered(),
  );
  return winston.createLogger({
    level: options.level ?? 'info',
    format,
    transports: [new winston.transports.Stream({ stream })],
  });
}
