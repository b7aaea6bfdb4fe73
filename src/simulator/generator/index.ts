// The data generator: same options, same bytes. The World it returns is also
// what the server serves and what the clock advances.
import { World } from '../store/world.js';
import { DAY_SECONDS } from '../util/time.js';
import { simulateDay } from './day.js';
import { createOrganizations } from './organizations.js';

export interface DatasetOptions {
  seed?: number;
  /** number of organizations (the first three are credit, prefunded, hybrid) */
  orgs?: number;
  /** days of history ending at `now` */
  days?: number;
  /** the clock's start; default: today 00:00 UTC */
  now?: Date | string | number;
  /** aim for about this many account entries (scales purchase rates) */
  entriesTarget?: number;
}

export const DATASET_DEFAULTS = { seed: 42, orgs: 3, days: 90 } as const;

export function startOfTodayUtc(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export function instantMs(now: Date | string | number | undefined): number {
  if (now === undefined) return startOfTodayUtc().getTime();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) throw new Error(`invalid "now": ${String(now)}`);
  return ms;
}

export function generateDataset(opts: DatasetOptions = {}): World {
  const seed = opts.seed ?? DATASET_DEFAULTS.seed;
  const orgs = opts.orgs ?? DATASET_DEFAULTS.orgs;
  const days = opts.days ?? DATASET_DEFAULTS.days;
  if (!Number.isInteger(orgs) || orgs < 1 || orgs > 1000) throw new Error('orgs must be an integer from 1 to 1000');
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error('days must be an integer from 1 to 3660');
  const nowSec = Math.floor(instantMs(opts.now) / 1000);
  const capacity = opts.entriesTarget ? Math.ceil(opts.entriesTarget * 1.08) : orgs * days * 24;
  const w = new World({ seed, nowSec, capacity });
  w.startDay = w.today - days;
  createOrganizations(w, { count: orgs, days, entriesTarget: opts.entriesTarget });
  for (let day = w.startDay; day < w.today; day++) simulateDay(w, day);
  return w;
}

/** Moves the clock by whole days, booking each day's activity. */
export function advanceWorld(w: World, days: number): void {
  for (let i = 0; i < days; i++) {
    simulateDay(w, w.today);
    w.nowSec += DAY_SECONDS;
  }
  w.version++;
}
