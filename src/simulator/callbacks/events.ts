// World events → callback payloads [A]: {"eventType","organizationId", …entity fields}.
import type { World, WorldEvent } from '../store/world.js';
import { IdKind } from '../util/ids.js';
import { formatInstant } from '../util/time.js';
import type { CallbackEvent } from './delivery.js';

export class CallbackFactory {
  private counter = 0;

  constructor(private readonly w: World) {}

  build(e: WorldEvent): CallbackEvent {
    const w = this.w;
    const org = w.orgs[e.org]!;
    const id = w.ids.encode(IdKind.callback, this.counter++);
    let body: Record<string, unknown>;
    if ('receipt' in e) {
      body = {
        eventType: e.type,
        organizationId: org.id,
        receiptId: w.receiptId(e.receipt),
        transactionId: w.transactionId(e.tx),
      };
    } else if (e.type === 'ORGANIZATION_ADDED') {
      body = { eventType: e.type, organizationId: org.id, partnersOrganizationId: org.profile.partnersOrganizationId };
    } else if (e.fields) {
      body = { eventType: e.type, organizationId: org.id, ...e.fields };
    } else {
      body = { eventType: e.type, organizationId: org.id, status: org.status };
    }
    return { id, organizationId: org.id, createdAt: formatInstant(e.sec, e.ns, 3), body: JSON.stringify(body) };
  }
}
