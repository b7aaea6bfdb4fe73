import { requirePliantCredentials, type Config } from '../config.js';
import type { Logger } from '../logger.js';
import { PliantClient } from './client.js';

/** The API client for the configured environment; missing credentials stop with exit code 2. */
export function clientFromConfig(config: Config, logger: Logger): PliantClient {
  const { clientId, clientSecret } = requirePliantCredentials(config);
  const { apiUrl, authUrl, audience, rateLimit } = config.pliant;
  return new PliantClient({ apiUrl, authUrl, audience, clientId, clientSecret, rateLimit, logger });
}
