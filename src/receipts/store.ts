/**
 * The receipt store: files kept by content (sha256), behind a small interface so an object
 * store (S3, GCS, …) can take the place of the local directory. Keys are built from the
 * sha256 and a fixed extension only: names from the API never become paths.
 */
export interface ReceiptStore {
  /** Where files go, for messages (a directory, a bucket URL). */
  readonly location: string;
  /**
   * Keeps the bytes under their content key and returns it. Idempotent (the same bytes give
   * the same key); never leaves a partial file under a final key, even when the process dies.
   */
  put(bytes: Buffer, sha256: string, extension: string): Promise<string>;
  /** Whether the key holds a file. */
  has(key: string): Promise<boolean>;
  read(key: string): Promise<Buffer>;
}

const SHA256 = /^[0-9a-f]{64}$/;
const EXTENSION = /^[a-z0-9]{1,8}$/;

/** `ab/cd/abcd….pdf`: two directory levels keep any one directory small. */
export function contentKey(sha256: string, extension: string): string {
  if (!SHA256.test(sha256)) throw new TypeError(`not a sha256 in lower-case hex: "${sha256}"`);
  if (!EXTENSION.test(extension)) throw new TypeError(`not a file extension: "${extension}"`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${extension}`;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.[a-z0-9]{1,8}$/;

/** Keys are read back from the database: refuse anything that is not one of ours (no `..`, no absolute path). */
export function checkKey(key: string): string {
  if (!KEY.test(key)) throw new TypeError(`not a receipt store key: "${key}"`);
  return key;
}
