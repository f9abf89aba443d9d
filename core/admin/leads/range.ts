/**
 * The console's `from` / `to` range parameters (admin API convention): `YYYY-MM-DD` (a UTC day, both ends
 * inclusive) or a full ISO 8601 datetime; `to < from` or a range longer than 400 days is refused.
 */
import { AppError } from '../../errors';

export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface TimeRange {
  /** Inclusive, ms. */
  fromMs: number;
  /** Inclusive, ms. */
  toMs: number;
}

function invalid(path: string, message: string): AppError {
  return new AppError('validation_failed', `${path} ${message}`, { details: { issues: [{ path, message }] } });
}

/** A bound as ms: a day starts at 00:00:00.000 UTC (`from`) or ends at 23:59:59.999 UTC (`to`). */
export function parseBound(value: string, path: 'from' | 'to'): number {
  if (DAY.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== value) throw invalid(path, 'is not a calendar day');
    return path === 'from' ? start : start + DAY_MS - 1;
  }
  const ms = DATETIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(path, 'must be YYYY-MM-DD or an ISO 8601 datetime');
  return ms;
}

/**
 * The range of `from`/`to`, or null when neither is given. One bound alone: the other defaults to today's end
 * (`to`) or 30 days before `to` (`from`).
 */
export function optionalRange(from: string | undefined, to: string | undefined, now: number): TimeRange | null {
  if (from === undefined && to === undefined) return null;
  const endOfToday = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS - 1;
  const toMs = to === undefined ? endOfToday : parseBound(to, 'to');
  const fromMs = from === undefined ? Math.floor(toMs / DAY_MS) * DAY_MS - 29 * DAY_MS : parseBound(from, 'from');
  if (toMs < fromMs) throw invalid('to', 'is before from');
  if (toMs - fromMs > MAX_RANGE_DAYS * DAY_MS) throw invalid('to', `makes the range longer than ${MAX_RANGE_DAYS} days`);
  return { fromMs, toMs };
}
