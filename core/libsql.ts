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
  return db;
}
