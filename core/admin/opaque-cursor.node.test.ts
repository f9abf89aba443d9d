import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { TimeIdKeySchema, decodeOpaqueCursor, encodeOpaqueCursor } from './opaque-cursor';

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('opaque cursors', () => {
  it('round-trips a key with non-Latin-1 text (a campaign name) as URL-safe base64', () => {
    const key = ['2026-11-30', 'promoção-verão 🚀', 'google'];
    const cursor = encodeOpaqueCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeOpaqueCursor(cursor, v.tuple([v.string(), v.string(), v.string()]))).toEqual(key);
  });

  it('reads the cursors the lists handed out before it (plain base64url of ASCII JSON, unpadded)', () => {
    const old = btoa(JSON.stringify([1764547200000, 'lead_abc']))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(decodeOpaqueCursor(old, TimeIdKeySchema)).toEqual([1764547200000, 'lead_abc']);
  });

  it('refuses garbage, another list’s cursor and an edited one with validation_failed naming cursor', () => {
    for (const cursor of ['not-a-cursor', encodeOpaqueCursor(['2026-11-30', 'x', 'y']), encodeOpaqueCursor([1.5, 'id']), '']) {
      const error = refusal(() => decodeOpaqueCursor(cursor, TimeIdKeySchema));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual({ issues: [{ path: 'cursor', message: 'not a cursor of this list' }] });
    }
  });
});
