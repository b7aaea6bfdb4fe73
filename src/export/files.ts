/** Where exported files go (--out: a directory, or a file name for a single file) and writing them safely. */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';

import { UsageError } from '../errors.js';

/** The path of each file; refuses a file name for several files before anything is stored. */
export function outputPaths(out: string, fileNames: string[]): string[] {
  // A new path without an extension (`--out ./exports`) is a directory to create.
  const asDirectory =
    out.endsWith('/') || out.endsWith(sep) || (existsSync(out) ? statSync(out).isDirectory() : extname(out) === '');
  if (asDirectory) return fileNames.map((name) => resolve(out, name));
  if (fileNames.length > 1) {
    throw new UsageError(
      `--out ${out} names one file, but this export writes ${fileNames.length} files (${fileNames.join(', ')}): give a directory`,
    );
  }
  return fileNames.map(() => resolve(out));
}

/** Each file via a temporary name and a rename, so a reader never sees half a file. */
export function writeOutputs(files: { path: string; bytes: Uint8Array }[]): void {
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temporary = join(dirname(file.path), `.${process.pid}.${Date.now()}.partial`);
    writeFileSync(temporary, file.bytes);
    renameSync(temporary, file.path);
  }
}

/**
 * A file written as its bytes come, under a temporary name in its directory; `commit` renames
 * it into place (after the batch is committed), `discard` removes it (a refusal, an error).
 */
export class PartialFile {
  private readonly temporary: string;
  private fd: number | null;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}.partial`);
    this.fd = openSync(this.temporary, 'w');
  }

  write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd!, bytes, done);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  commit(): void {
    this.close();
    renameSync(this.temporary, this.path);
  }

  discard(): void {
    this.close();
    rmSync(this.temporary, { force: true });
  }
}
