/**
 * Opaque keyset cursors for the console's lists ordered newest first by (time, id): the cursor is the last row's
 * key, so the next page is `WHERE (time, id) < (cursor)` on an index, never an OFFSET that rescans what was shown.
 */
import { type SQL, and, eq, lt, or } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { TimeIdKeySchema, decodeOpaqueCursor, encodeOpaqueCursor } from './opaque-cursor';

export interface Keyset {
  at: number;
  id: string;
}

/** Page sizes of every console list (admin-api.md): default 50, at most 200. */
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function encodeCursor(key: Keyset): string {
  return encodeOpaqueCursor([key.at, key.id]);
}

/** A cursor this API did not hand out is a validation error, not a 500. */
export function decodeCursor(cursor: string): Keyset {
  const [at, id] = decodeOpaqueCursor(cursor, TimeIdKeySchema);
  return { at, id };
}

/** Rows strictly after the cursor in (time DESC, id DESC) order. */
export function afterCursor(time: SQLiteColumn, id: SQLiteColumn, key: Keyset): SQL | undefined {
  return or(lt(time, key.at), and(eq(time, key.at), lt(id, key.id)));
}

/** Cuts the `limit + 1` rows fetched into a page and the cursor of the next one (null on the last page). */
export function page<T>(rows: readonly T[], limit: number, keyOf: (row: T) => Keyset): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
