import { requirePliantCredentials, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { registerSecret } from '../redact.js';
import { PliantClient } from './client.js';
import { ENV_DEFAULTS } from './endpoints.js';

/** The client secret joins the log redaction; the simulator's public one would only blank the word "simulator". */
export function registerClientSecret(config: Config): void {
  if (config.pliant.clientSecret !== ENV_DEFAULTS.simulator.clientSecret) registerSecret(config.pliant.clientSecret);
}

/** The API client for the configured environment; missing credentials stop with exit code 2. */
export function clientFromConfig(config: Config, logger: Logger): PliantClient {
  const { clientId, clientSecret } = requirePliantCredentials(config);
  const { apiUrl, authUrl, audience, rateLimit } = config.pliant;
  return new PliantClient({ apiUrl, authUrl, audience, clientId, clientSecret, rateLimit, logger });
}
