import type { z } from 'zod';

import { PliantContractError } from './errors.js';

export interface RecordCheck<T> {
  schema: z.ZodType<T>;
  /** Field naming the record in error messages, e.g. `transactionId`. */
  idField: string | undefined;
}

export interface ValidationContext {
  endpoint: string;
  request: string;
}

/**
 * Checks `value` and returns it unchanged: the very object the API sent (never
 * zod's copy), so callers can store it as `raw` and no field is ever lost.
 */
export function validateRecord<T>(check: RecordCheck<T>, value: unknown, context: ValidationContext): T {
  const result = check.schema.safeParse(value);
  if (result.success) return value as T;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const received = valueAt(value, path);
  const problem =
    received === undefined && path.length > 0
      ? 'is missing'
      : `${issue?.message.startsWith('must') ? issue.message : `is invalid (${issue?.message ?? 'unknown problem'})`}` +
        `, got ${describe(received)}`;
  throw new PliantContractError({
    endpoint: context.endpoint,
    request: context.request,
    recordId: idOf(value, check.idField),
    field: formatPath(path),
    problem,
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(record)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function idOf(value: unknown, idField: string | undefined): string | undefined {
  if (idField === undefined || value === null || typeof value !== 'object') return undefined;
  const id = (value as Record<string, unknown>)[idField];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Short, and only scalars: records hold personal data that must not fill logs. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  }
  return String(value);
}
