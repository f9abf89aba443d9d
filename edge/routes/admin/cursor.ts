/** Opaque keyset cursors of the analytics lists (spend, alerts): base64url of the last row's sort key as JSON. */
import * as v from 'valibot';
import { AppError } from '../../../core/errors';

export const LimitSchema = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,3}$/, 'must be 1-200'),
    v.transform(Number),
    v.minValue(1, 'must be 1-200'),
    v.maxValue(200, 'must be 1-200'),
  ),
  '50',
);

export function encodeCursor(key: unknown): string {
  const binary = Array.from(new TextEncoder().encode(JSON.stringify(key)), (byte) => String.fromCharCode(byte)).join('');
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor<T extends v.GenericSchema>(cursor: string, schema: T): v.InferOutput<T> {
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const text = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    return v.parse(schema, JSON.parse(text));
  } catch {
    throw new AppError('validation_failed', 'the cursor is not one this list gave out', {
      details: { issues: [{ path: 'cursor', message: 'invalid cursor' }] },
    });
  }
}
