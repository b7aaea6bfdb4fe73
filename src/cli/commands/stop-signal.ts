import type { Logger } from '../../logger.js';

/**
 * SIGINT/SIGTERM ask the run to stop: it finishes and commits the current page, then ends.
 * A second signal ends the process at once (committed pages are safe either way).
 */
export function stopSignal(logger: Logger): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    logger.warn(`${signal} received: finishing the current page, then stopping (again to stop at once)`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}
