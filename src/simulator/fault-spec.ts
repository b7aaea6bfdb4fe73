// Fault rules from the command line: "kind" or "kind:key=value,key=value",
// or a JSON object. Examples:
//   status:status=503,count=3        the next 3 API requests answer 503
//   reset:every=7                    every 7th request loses its connection
//   storm:count=20,retryAfter=2      20 × 429, with Retry-After: 2
//   slow:delayMs=1500,probability=0.1
//   violation:endpoint=account-entries,page=1,variant=missingId
//   insertRows:endpoint=account-entries,page=0,rows=5
import { validateRule, type FaultRule } from './faults.js';

const NUMERIC = new Set(['count', 'every', 'probability', 'skip', 'status', 'delayMs', 'retryAfter', 'page', 'rows']);

export function parseFaultSpec(spec: string): FaultRule {
  const text = spec.trim();
  if (text.startsWith('{')) return validateRule(JSON.parse(text));
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rule: Record<string, unknown> = { kind };
  if (colon >= 0) {
    for (const part of text.slice(colon + 1).split(',')) {
      if (part.trim() === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) throw new Error(`fault option "${part}" needs key=value`);
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (NUMERIC.has(key)) {
        const n = Number(value);
        if (!Number.isFinite(n)) throw new Error(`fault option ${key} must be a number, got "${value}"`);
        rule[key] = n;
      } else rule[key] = value;
    }
  }
  return validateRule(rule);
}
