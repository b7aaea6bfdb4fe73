/** Where `demo` keeps what it makes, relative to the working directory; `sql-server --demo` reads the same. */
import { resolve } from 'node:path';

export const demoPaths = (cwd = process.cwd()) => ({
  database: resolve(cwd, 'data', 'demo'),
  receipts: resolve(cwd, 'data', 'demo-receipts'),
  out: resolve(cwd, 'out'),
});
