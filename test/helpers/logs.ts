import { Writable } from 'node:stream';

import { createLogger, type Logger } from '../../src/logger.js';

/** A logger whose lines are kept in memory, to assert on what was (not) logged. */
export function capturingLogger(options: { level?: string; json?: boolean } = {}): {
  logger: Logger;
  lines: string[];
  text: () => string;
} {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      );
      callback();
    },
  });
  const logger = createLogger({ level: options.level ?? 'debug', json: options.json ?? true, stream });
  return { logger, lines, text: () => lines.join('\n') };
}

export function quietLogger(): Logger {
  return capturingLogger({ level: 'error' }).logger;
}
