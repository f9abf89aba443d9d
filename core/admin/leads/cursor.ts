/**
 * Opaque keyset cursors for the console's lists: the sort key of the last row of a page, base64url JSON. A cursor
 * that does not decode to the expected shape is refused (validation_failed), never silently restarted.
 */
import { AppError } from '../../errors';

export function encodeCursor(key: readonly (string | number)[]): string {
  return btoa(JSON.stringify(key)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `shape`: the type of each key part, e.g. ['number', 'string'] for (last_seen, id). */
export function decodeCursor(cursor: string, shape: readonly ('number' | 'string')[]): (string | number)[] {
  let parsed: unknown;
  try {
    const base64 = cursor.replace(/-/g, '+').replace(/_/g, '/');
    parsed = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== shape.length ||
    !parsed.every((part: unknown, index) => typeof part === shape[index] && (typeof part !== 'number' || Number.isFinite(part)))
  ) {
    throw new AppError('validation_failed', 'cursor is not one this list gave out', {
      details: { issues: [{ path: 'cursor', message: 'is not a cursor of this list' }] },
    });
  }
  return parsed as (string | number)[];
}
