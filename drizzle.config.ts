import { defineConfig } from 'drizzle-kit';

// Migrations are generated here and applied by `wrangler d1 migrations apply` (D1) or by the libSQL
// helper in core/libsql (Node tooling, Turso).
export default defineConfig({
  dialect: 'sqlite',
  schema: './core/schema.ts',
  out: './migrations',
});
