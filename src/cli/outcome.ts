/**
 * What a command's action returns: it succeeded, or it did its work and the work failed (a
 * run that did not end `succeeded`). main() alone turns it into the exit code; errors that
 * stop a command are thrown instead and carry their own code (src/errors.ts).
 */
import type { Command } from 'commander';

export type Outcome = { ok: true } | { ok: false; reason: string };

export const succeeded: Outcome = { ok: true };
export const failed = (reason: string): Outcome => ({ ok: false, reason });

const outcomes = new WeakMap<Command, Outcome>();

const rootOf = (command: Command): Command => (command.parent ? rootOf(command.parent) : command);

/**
 * Adapts an action that returns its outcome to commander, which drops return values: the
 * outcome is kept on the program, where `outcomeOf` finds it after `parseAsync`.
 */
export function returnsOutcome<A extends unknown[]>(
  action: (...args: A) => Promise<Outcome>,
): (this: Command, ...args: A) => Promise<void> {
  return async function (this: Command, ...args: A): Promise<void> {
    outcomes.set(rootOf(this), await action(...args));
  };
}

/** The outcome of the action that ran (success when none reported one: --help, say). */
export function outcomeOf(program: Command): Outcome {
  return outcomes.get(program) ?? succeeded;
}
