/**
 * The default receipt store: a local directory (RECEIPTS_DIR). A file is written to a
 * temporary name in its final directory, flushed (fsync), then renamed into place and the
 * directory flushed, so after a crash a final name holds the whole file or nothing.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { checkKey, contentKey, type ReceiptStore } from './store.js';

export class LocalDirectoryStore implements ReceiptStore {
  readonly location: string;

  constructor(directory: string) {
    this.location = resolve(directory);
  }

  async put(bytes: Buffer, sha256: string, extension: string): Promise<string> {
    const key = contentKey(sha256, extension);
    const path = this.pathOf(key);
    // Content-addressed: a file already there with these bytes is this file.
    if (await this.holds(path, sha256)) return key;
    const directory = dirname(path);
    const temporary = join(directory, `.${sha256}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await mkdir(directory, { recursive: true });
      const handle = await open(temporary, 'wx', 0o640);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
      await syncDirectory(directory);
    } catch (error) {
      await rm(temporary, { force: true }).catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `Receipt store ${this.location}: cannot write ${key} (${reason}). Make RECEIPTS_DIR writable, or point it at a directory that is.`,
        {
          cause: error,
        },
      );
    }
    return key;
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  read(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  /** The absolute path of a key (for people and tests; the database keeps keys, not paths). */
  pathOf(key: string): string {
    return join(this.location, checkKey(key));
  }

  private async holds(path: string, sha256: string): Promise<boolean> {
    try {
      return (
        createHash('sha256')
          .update(await readFile(path))
          .digest('hex') === sha256
      );
    } catch {
      return false;
    }
  }
}

/** Makes the rename durable. Some platforms cannot open a directory for syncing; the rename still stands there. */
async function syncDirectory(directory: string): Promise<void> {
  let handle;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}
