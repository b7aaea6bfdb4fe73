/**
 * Errors the CLI maps to exit codes (README, Commands): 1 failure, 2 bad usage or
 * configuration, 3 another sync holds the lock. Anything else is a failure (1).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2, locked: 3 } as const;

/** The base of the project's errors: the name is the class's, set here once for all of them. */
export class PliantSyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends PliantSyncError {
  readonly exitCode: number = EXIT.usage;
}

/** A configuration variable is missing or malformed. */
export class ConfigError extends UsageError {
  constructor(readonly problems: { variable: string; problem: string; example: string }[]) {
    super(
      'Configuration error:\n' +
        problems.map((p) => `  ${p.variable}: ${p.problem} (for example ${p.variable}=${p.example})`).join('\n'),
    );
  }
}

/** Another process holds the sync lock. */
export class LockHeldError extends PliantSyncError {
  readonly exitCode: number = EXIT.locked;
}

/** A long-running command cannot start: a port is taken, the database does not answer. */
export class StartError extends PliantSyncError {
  readonly exitCode: number = EXIT.failure;
}

export function exitCodeOf(error: unknown): number {
  const code = (error as { exitCode?: unknown } | null)?.exitCode;
  return typeof code === 'number' ? code : EXIT.failure;
}

/** Normalises anything thrown into an Error (third-party code sometimes throws strings). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
