/**
 * The same schema on libSQL (`@libsql/client`): a local file for Node tooling and tests, or Turso when a
 * tenant outgrows one D1 database. Migrations are the drizzle-kit ones that D1 applies.
 */
import type { Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import type { Database } from './db';
import * as schema from './schema';

export async function openLibsqlDatabase(client: Client, migrationsFolder = 'migrations'): Promise<Database> {
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  // Both drivers expose the same async SQLite query builder and `batch`; the pipeline code is written
  // against that shared surface (proved by core/libsql.node.test.ts running the ingest on libSQL).
  return db as unknown as Database;
}
