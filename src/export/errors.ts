/**
 * Why an export is refused. Nothing is written or marked when one of these is thrown: the
 * checks run before the batch is stored.
 */
import { EXIT, PliantSyncError, UsageError } from '../errors.js';

/** EXPORT_CONFIG is wrong: exit code 2, each problem with its line and field. */
export class ExportConfigError extends UsageError {
  constructor(
    readonly file: string,
    readonly problems: { line: number | null; field: string; problem: string }[],
  ) {
    super(
      `EXPORT_CONFIG ${file} is not valid:\n` +
        problems
          .map((p) => `  ${p.line === null ? '' : `line ${p.line}, `}field ${p.field || '(top level)'}: ${p.problem}`)
          .join('\n'),
    );
  }
}

/** The data cannot be exported as it is (unbalanced or unknown entries, a reconciliation gap, an invalid file). */
export class ExportRefusedError extends PliantSyncError {
  readonly exitCode: number = EXIT.failure;
  constructor(
    readonly reason: string,
    readonly problems: string[],
  ) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(`Export refused: ${reason}. Nothing was written or marked.\n${shown.map((p) => `  ${p}`).join('\n')}${more}`);
  }
}

/**
 * The mirror changed between the export's planning pass and its writing pass (a sync ran
 * meanwhile): what would be written is not what was checked, so nothing is kept.
 */
export class MirrorChangedError extends PliantSyncError {
  readonly exitCode: number = EXIT.failure;
  constructor(what: string) {
    super(`the mirror changed while the export ran (${what}); nothing was written or marked: run the export again`);
  }
}
