import { PrismaPg } from '@prisma/adapter-pg';

import { PrismaClient } from '../generated/prisma/client.js';

export type { PrismaClient } from '../generated/prisma/client.js';

/** The Prisma 7 client over node-postgres: no native engine binary needed. */
export function createPrisma(databaseUrl: string): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, application_name: 'pliant-sync' });
  return new PrismaClient({ adapter });
}
