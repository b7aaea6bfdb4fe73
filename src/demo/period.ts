import type { Period } from '../export/types.js';

/** The last calendar month that ended before `now` (an ISO instant): what an accountant exports. */
export function lastFullMonth(now: string): Period {
  const d = new Date(now);
  const firstOfThis = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const lastOfPrevious = new Date(firstOfThis - 86_400_000);
  const from = new Date(Date.UTC(lastOfPrevious.getUTCFullYear(), lastOfPrevious.getUTCMonth(), 1));
  return { from: from.toISOString().slice(0, 10), to: lastOfPrevious.toISOString().slice(0, 10) };
}
