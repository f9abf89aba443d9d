/**
 * The one cursor codec of every console list (leads, deliveries, dead letters, deletions, spend, alerts): the last
 * row's sort key as JSON, base64url over UTF-8 (a spend cursor holds campaign names). Decoding checks the key
 * against the list's own schema, so a cursor of another list, an edited one or garbage is refused with
 * validation_failed naming `cursor`, never silently restarted and never a 500.
 */
import * as v from 'valibot';
import { AppError } from '../errors';

export function encodeOpaqueCursor(key: unknown): string {
  const binary = Array.from(new TextEncoder().encode(JSON.stringify(key)), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeOpaqueCursor<T extends v.GenericSchema>(cursor: string, schema: T): v.InferOutput<T> {
  try {
    const base64 = cursor.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    return v.parse(schema, JSON.parse(text));
  } catch {
    throw new AppError('validation_failed', 'invalid cursor: pass next_cursor from the previous page unchanged', {
      details: { issues: [{ path: 'cursor', message: 'not a cursor of this list' }] },
    });
  }
}

/** The usual key: a time in ms and an id breaking ties. */
export const TimeIdKeySchema = v.tuple([v.pipe(v.number(), v.safeInteger()), v.string()]);
