// What the generator's booking functions share while one organization's day is
// simulated, and the agenda of things due on later days.
import type { Organization, OrganizationActivity } from '../model/records.js';
import type { World } from '../store/world.js';
import type { Rng } from '../util/prng.js';

export interface DayContext {
  w: World;
  org: Organization;
  act: OrganizationActivity;
  rng: Rng;
  day: number;
  dayStartSec: number;
  /** last second of the day: nothing of this day happens later */
  dayEndSec: number;
  /** usable card serials today (platform-fee card excluded) */
  cards: number[];
  /** offset of this day in the organization's activity (0 = first day) */
  offset: number;
}

/** Things due on a later day, packed into one number: payload * 8 + kind. */
export const AGENDA = {
  lateReceipt: 0,
  enrich: 1,
  recharge: 2,
} as const;
export type AgendaKind = (typeof AGENDA)[keyof typeof AGENDA];

export function schedule(ctx: DayContext, day: number, kind: AgendaKind, payload: number): void {
  const list = ctx.act.agenda.get(day);
  const item = payload * 8 + kind;
  if (list) list.push(item);
  else ctx.act.agenda.set(day, [item]);
}

export function decodeAgenda(item: number): { kind: number; payload: number } {
  const kind = item % 8;
  return { kind, payload: (item - kind) / 8 };
}
