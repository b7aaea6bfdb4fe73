/**
 * What a batch carries per entry, given what was exported to the format before (pure):
 * nothing when the exported booking still means the same; a reversal of it and the new
 * booking when the entry changed; the first booking when it was never exported.
 */
import { fingerprint, reversalOf } from '../journal/stored.js';
import type { JournalEntry, SourceEntry } from '../types.js';

/** The latest exported record of an entry for one format. */
export interface ExportedState {
  entryId: string;
  revision: number;
  /** `reversal`: the booking of `revision` was cancelled and nothing booked since. */
  kind: 'booking' | 'reversal';
  fingerprint: string;
  journal: JournalEntry;
}

export interface PlannedEntry {
  /** The journal entry that stands for the entry after this batch (null: left out). */
  current: JournalEntry | null;
  /** What this batch writes for it, reversal first. Empty: nothing new. */
  write: JournalEntry[];
}

/** `current` without a revision (0), as built from the mirror. */
export function planEntry(
  source: SourceEntry,
  current: JournalEntry | null,
  state: ExportedState | undefined,
): PlannedEntry {
  const print = current ? fingerprint(current) : null;
  if (!state)
    return current
      ? { current: { ...current, revision: 1 }, write: [{ ...current, revision: 1 }] }
      : { current: null, write: [] };
  if (state.kind === 'booking' && print === state.fingerprint)
    return { current: { ...current!, revision: state.revision }, write: [] };
  const write: JournalEntry[] = [];
  if (state.kind === 'booking') write.push(reversalOf(state.journal, source));
  const next = current ? { ...current, revision: state.revision + 1 } : null;
  if (next) write.push(next);
  return { current: next, write };
}

/**
 * For `--all`: the current journal with the revision it has (or will get) in the format,
 * without writing or marking anything, so repeats of the same data are byte-identical.
 */
export function currentRevision(current: JournalEntry | null, state: ExportedState | undefined): JournalEntry | null {
  if (!current) return null;
  if (!state) return { ...current, revision: 1 };
  const same = state.kind === 'booking' && fingerprint(current) === state.fingerprint;
  return { ...current, revision: same ? state.revision : state.revision + 1 };
}
