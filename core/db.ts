import type { Client } from '@libsql/client';
import { type DrizzleD1Database, drizzle } from 'drizzle-orm/d1';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

/** The pipeline runs on D1 in the Worker and on libSQL in Node/Turso (core/libsql.ts): the same query builder. */
export type Database = BaseSQLiteDatabase<'async', unknown, typeof schema> &
  Pick<DrizzleD1Database<typeof schema>, 'batch'> & {
    /** The driver underneath, for the set-based statements of core/statements.ts. */
    $client: D1Database | Client;
  };

export function openDatabase(d1: D1Database): Database {
  return drizzle(d1, { schema });
}

/** D1 binds at most 100 parameters per statement: rows per multi-row INSERT for a table of `columns`. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(100 / columns));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Map.groupBy, which Node 20 (libSQL tooling) lacks. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
