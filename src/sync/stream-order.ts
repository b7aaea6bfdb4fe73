/**
 * The order of a run, from what the streams declare: global streams first (once per run),
 * then the organization's streams, each after the streams it names in `after`. Ties keep the
 * registry's order, so the order is stable. A cycle or an unknown name is a programming
 * error, found when this module loads.
 */
import { STREAMS } from '../streams/index.js';
import type { SomeStream, StreamName } from '../streams/types.js';

export function orderStreams(streams: readonly SomeStream[]): { global: SomeStream[]; perOrganization: SomeStream[] } {
  const byName = new Map(streams.map((s) => [s.name, s]));
  for (const s of streams) {
    for (const dep of s.after) {
      const d = byName.get(dep);
      if (!d) throw new Error(`stream ${s.name} runs after "${dep}", which is not a stream`);
      if (d.scope === 'organization' && s.scope === 'global')
        throw new Error(`global stream ${s.name} cannot run after the per-organization ${dep}`);
    }
  }
  const done = new Set<StreamName>(streams.filter((s) => s.scope === 'global').map((s) => s.name));
  const pending = streams.filter((s) => s.scope === 'organization');
  const ordered: SomeStream[] = [];
  while (pending.length > 0) {
    const next = pending.findIndex((s) => s.after.every((d) => done.has(d)));
    if (next < 0)
      throw new Error(
        `the streams ${pending.map((s) => s.name).join(', ')} wait on each other: their "after" lists form a cycle`,
      );
    const [s] = pending.splice(next, 1);
    ordered.push(s!);
    done.add(s!.name);
  }
  return { global: streams.filter((s) => s.scope === 'global'), perOrganization: ordered };
}

export const RUN_ORDER = orderStreams(STREAMS);
