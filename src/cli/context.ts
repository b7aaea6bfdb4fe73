import { loadConfig, type Config } from '../config.js';
import { createLogger, type Logger } from '../logger.js';
import { registerClientSecret } from '../pliant/from-config.js';

/** What every command gets: the validated configuration and a logger. Built once per process. */
export interface Context {
  config: Config;
  logger: Logger;
}

export function createContext(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Context {
  const config = loadConfig(env, cwd);
  registerClientSecret(config);
  return { config, logger: createLogger({ level: config.logLevel }) };
}
