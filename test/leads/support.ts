/** The simulator for the lead tests: one organization, no rate limit, callbacks retried quickly. */
import { startSimulator } from '../../src/simulator/index.js';
import { SIM_NOW, type Simulator } from '../helpers/sync-harness.js';
import { UNLIMITED } from '../receipts/support.js';

export function startLeadSimulator(seed: number): Promise<Simulator> {
  return startSimulator({
    port: 0,
    seed,
    orgs: 1,
    days: 5,
    now: SIM_NOW,
    rateLimit: UNLIMITED,
    callbackRetry: { baseDelayMs: 50 },
  });
}
