/** Opens the mirror a command works on (server or embedded) and closes it when the command is done. */
import { openDatabase, type Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import type { Context } from './context.js';

/**
 * The embedded database belongs to pliant-sync alone, so its schema is brought up to date on
 * every open (one query when it is); a server's schema is the operator's, with `migrate`.
 */
export async function withMirror<T>(context: Context, command: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = context.openDatabase
    ? await context.openDatabase(command)
    : await openDatabase(context.config.database, { command: `pliant-sync ${command}` });
  try {
    if (db.kind === 'embedded' && command !== 'migrate') await migrate(db, context.logger);
    return await fn(db);
  } finally {
    await db.close();
  }
}
