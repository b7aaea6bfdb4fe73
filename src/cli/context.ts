import { loadConfig, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createLogger, type Logger } from '../logger.js';

/** What every command gets: the validated configuration and a logger. Built once per process. */
export interface Context {
  config: Config;
  logger: Logger;
  /** Opens the mirror; default: the database of the configuration (tests hand in one they hold open). */
  openDatabase?: (command: string) => Promise<Database>;
}

export function createContext(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Context {
  const config = loadConfig(env, cwd);
  return { config, logger: createLogger({ level: config.logLevel }) };
}
