/** The analytics lists' (spend, alerts) page size, and the console's one cursor codec (core/admin/opaque-cursor.ts). */
import * as v from 'valibot';

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

export { decodeOpaqueCursor as decodeCursor, encodeOpaqueCursor as encodeCursor } from '../../../core/admin/opaque-cursor';
