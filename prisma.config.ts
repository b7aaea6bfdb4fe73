import { defineConfig } from 'prisma/config';

// The URL is read from process.env directly: Prisma's env() helper throws when the
// variable is unset, and `prisma generate` (run at install) needs no database.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
