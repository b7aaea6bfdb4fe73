/**
 * Downloads one receipt's original and decides what to keep: the file goes into the store
 * only when it is within the size cap and its bytes are the declared type. Anything else
 * becomes a clear `problem` on the receipt's row, never a failed run.
 */
import { createHash } from 'node:crypto';

import type { PliantClient } from '../pliant/client.js';
import { PliantApiError, PliantNetworkError } from '../pliant/errors.js';
import type { CallStats } from '../pliant/http.js';
import { declaredKind, firstBytes, KIND_NAMES, sniffKind } from './file-types.js';
import type { ReceiptStore } from './store.js';

/** Problem texts start with these, so a later run knows which problems a retry can cure. */
export const PROBLEM = {
  tooLarge: 'too large',
  wrongType: 'not the declared type',
  downloadFailed: 'download failed',
} as const;

export type FileOutcome =
  /** In the store under `key`. */
  | { kind: 'stored'; key: string; sha256: string; size: number }
  /** Downloaded but not kept (too large, or not the declared type). */
  | { kind: 'rejected'; sha256: string; size: number; problem: string }
  /** No bytes: the API refused or the network failed (after the client's retries). */
  | { kind: 'failed'; problem: string };

export interface FetchFileDeps {
  client: PliantClient;
  store: ReceiptStore;
  maxBytes: number;
  stats: CallStats;
}

export async function fetchReceiptFile(
  deps: FetchFileDeps,
  receiptId: string,
  mimeType: string | null | undefined,
): Promise<FileOutcome> {
  let body: Buffer;
  try {
    body = (await deps.client.receiptFile(receiptId, { stats: deps.stats })).body;
  } catch (error) {
    // This file's own failure (HTTP error, network) is the receipt's problem; credentials,
    // rate limits and bugs concern the whole run and surface there.
    if (!(error instanceof PliantApiError) && !(error instanceof PliantNetworkError)) throw error;
    return { kind: 'failed', problem: `${PROBLEM.downloadFailed}: ${error.message}; the next run tries again` };
  }
  const sha256 = createHash('sha256').update(body).digest('hex');
  const size = body.length;
  if (size > deps.maxBytes) {
    return {
      kind: 'rejected',
      sha256,
      size,
      problem: `${PROBLEM.tooLarge}: ${size} bytes, over RECEIPTS_MAX_BYTES=${deps.maxBytes}; raise it to keep this file (the next run fetches it again)`,
    };
  }
  const declared = declaredKind(mimeType);
  const actual = sniffKind(body);
  if (declared && actual !== declared) {
    const found = actual ? `a ${KIND_NAMES[actual]} file` : `no PDF, PNG or JPEG (it starts with ${firstBytes(body)})`;
    return {
      kind: 'rejected',
      sha256,
      size,
      problem: `${PROBLEM.wrongType}: declared ${mimeType}, but the bytes are ${found}`,
    };
  }
  // A type this version does not know is kept as it came, under the extension its bytes suggest.
  const key = await deps.store.put(body, sha256, declared ?? actual ?? 'bin');
  return { kind: 'stored', key, sha256, size };
}
