import { applyD1Migrations, env } from 'cloudflare:test';

// Same migrations as `wrangler d1 migrations apply`, read from migrations/ by vitest.config.ts.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
