import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';
import { declaredKind, sniffKind } from '../../src/receipts/file-types.js';
import { LocalDirectoryStore } from '../../src/receipts/local-store.js';
import { checkKey, contentKey } from '../../src/receipts/store.js';
import { receiptFile, startSimulator } from '../../src/simulator/index.js';
import { SIM_NOW } from '../helpers/sync-harness.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const dirs: string[] = [];
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pliant-store-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file under a directory, relative, hidden ones included. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(dir, join(prefix, d.name)) : [join(prefix, d.name)],
  );
}

describe('the local receipt store', () => {
  it('keeps files by sha256 under ab/cd/<sha256>.<ext>, once, with nothing left over', async () => {
    const dir = newDir();
    const store = new LocalDirectoryStore(dir);
    const bytes = Buffer.from('%PDF-1.4 a receipt');
    const key = await store.put(bytes, sha(bytes), 'pdf');
    expect(key).toBe(`${sha(bytes).slice(0, 2)}/${sha(bytes).slice(2, 4)}/${sha(bytes)}.pdf`);
    expect(readFileSync(join(dir, key))).toEqual(bytes);
    expect(await store.put(bytes, sha(bytes), 'pdf')).toBe(key);
    expect(filesUnder(dir)).toEqual([key]);
    expect(await store.has(key)).toBe(true);
    expect(await store.read(key)).toEqual(bytes);
  });

  it('repairs a damaged file under a final name when the same bytes come again', async () => {
    const dir = newDir();
    const store = new LocalDirectoryStore(dir);
    const bytes = Buffer.from('%PDF-1.7 another receipt');
    const key = await store.put(bytes, sha(bytes), 'pdf');
    writeFileSync(join(dir, key), 'garbage');
    await store.put(bytes, sha(bytes), 'pdf');
    expect(readFileSync(join(dir, key))).toEqual(bytes);
  });

  it('never turns anything but a sha256 and a plain extension into a path', () => {
    expect(() => contentKey('../../etc/passwd', 'pdf')).toThrow('not a sha256');
    expect(() => contentKey('a'.repeat(64), 'pdf/../x')).toThrow('not a file extension');
    expect(() => checkKey('../secrets')).toThrow('not a receipt store key');
    expect(() => checkKey(`/ab/cd/${'a'.repeat(64)}.pdf`)).toThrow('not a receipt store key');
    expect(checkKey(`ab/cd/${'a'.repeat(64)}.pdf`)).toBe(`ab/cd/${'a'.repeat(64)}.pdf`);
  });

  it('says which directory it cannot write to and what to do', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'ab'), 'a file where a directory should be');
    const store = new LocalDirectoryStore(dir);
    const bytes = Buffer.from('x');
    await expect(store.put(bytes, 'ab' + sha(bytes).slice(2), 'bin')).rejects.toThrow(
      new RegExp(`Receipt store ${dir}: cannot write ab/.*Make RECEIPTS_DIR writable`),
    );
  });

  it('never leaves part of a file under its final name when the process is killed while writing', async () => {
    const dir = newDir();
    const big = Buffer.alloc(128 * 1024 * 1024, 7);
    const digest = sha(big);
    const key = contentKey(digest, 'pdf');
    const script = join(dir, 'writer.mts');
    writeFileSync(
      script,
      `import { LocalDirectoryStore } from ${JSON.stringify(join(packageRoot(), 'src/receipts/local-store.ts'))};\n` +
        `const big = Buffer.alloc(128 * 1024 * 1024, 7);\n` +
        `process.stdout.write('writing\\n');\n` +
        `await new LocalDirectoryStore(${JSON.stringify(join(dir, 'store'))}).put(big, ${JSON.stringify(digest)}, 'pdf');\n` +
        `process.stdout.write('done\\n');\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ended = false;
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve())).then(() => (ended = true));
    // Kill as soon as a temporary file exists (the write has begun).
    const deadline = Date.now() + 20_000;
    const temporary = () =>
      existsSync(join(dir, 'store')) && filesUnder(join(dir, 'store')).some((f) => f.endsWith('.tmp'));
    while (!temporary() && !ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await exited;
    expect(temporary()).toBe(true);
    expect(existsSync(join(dir, 'store', key))).toBe(false);
    // The next put of the same bytes completes it.
    await new LocalDirectoryStore(join(dir, 'store')).put(big, digest, 'pdf');
    expect(sha(readFileSync(join(dir, 'store', key)))).toBe(digest);
  }, 30_000);
});

describe('file types', () => {
  it('reads Pliant declared types and knows the files by their first bytes', async () => {
    expect([
      declaredKind('PDF'),
      declaredKind('PNG'),
      declaredKind('JPG'),
      declaredKind('jpeg'),
      declaredKind('image/png'),
      declaredKind('HEIC'),
      declaredKind(null),
    ]).toEqual(['pdf', 'png', 'jpg', 'jpg', 'png', undefined, undefined]);
    const sim = await startSimulator({ port: 0, seed: 3, orgs: 1, days: 10, now: SIM_NOW });
    try {
      const kinds = new Map<string, string | undefined>();
      for (let row = 0; row < sim.world.receipts.length; row += 1) {
        const file = receiptFile(sim.world, row);
        kinds.set(file.contentType, sniffKind(file.body));
      }
      expect(Object.fromEntries(kinds)).toEqual({ 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg' });
    } finally {
      await sim.close();
    }
    expect(sniffKind(Buffer.from('<html>502 Bad Gateway</html>'))).toBeUndefined();
    expect(sniffKind(Buffer.alloc(0))).toBeUndefined();
    expect(sniffKind(Buffer.from('\r\n%PDF-1.4'))).toBe('pdf');
  });
});
