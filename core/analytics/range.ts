/**
 * Date ranges of the console (analytics and the lead list): UTC milliseconds, both ends inclusive, and the admin
 * API's `from` / `to` parameters: `YYYY-MM-DD` (a UTC day, both ends inclusive) or a full ISO 8601 datetime;
 * `to < from` or a range longer than 400 days is refused with validation_failed naming the parameter.
 */
import { AppError } from '../errors';

export const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 400;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface DateRange {
  from: number;
  /** Inclusive: the last millisecond counted. */
  to: number;
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** The default range: the last 30 UTC days, today included. */
export function defaultRange(now: number): DateRange {
  const today = startOfDay(now);
  return { from: today - 29 * DAY_MS, to: today + DAY_MS - 1 };
}

function invalid(path: 'from' | 'to', message: string): AppError {
  return new AppError('validation_failed', `${path} ${message}`, { details: { issues: [{ path, message }] } });
}

/** True for what `parseBound` reads: a day or a datetime (the query schemas check this first, per field). */
export function isDateParam(value: string): boolean {
  return (DAY.test(value) || DATETIME.test(value)) && Number.isFinite(Date.parse(value));
}

/** A bound as ms: a day starts at 00:00:00.000 UTC (`from`) or ends at 23:59:59.999 UTC (`to`). */
export function parseBound(value: string, path: 'from' | 'to'): number {
  if (DAY.test(value)) {
    const start = Date.parse(`${value}T00:00:00.000Z`);
    // Date.parse rolls 2026-02-30 over into March: a day that is not on the calendar is refused instead.
    if (Number.isNaN(start) || dayOf(start) !== value) throw invalid(path, 'is not a calendar day');
    return path === 'from' ? start : start + DAY_MS - 1;
  }
  const ms = DATETIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(path, 'must be YYYY-MM-DD or an ISO 8601 datetime');
  return ms;
}

/**
 * The range of `from` / `to`. Both absent: the last 30 UTC days, today included. One alone: `to` defaults to the
 * end of today, `from` to 30 days ending on `to`'s day.
 */
export function rangeOfParams(from: string | undefined, to: string | undefined, now: number): DateRange {
  const toMs = to === undefined ? defaultRange(now).to : parseBound(to, 'to');
  const fromMs = from === undefined ? startOfDay(toMs) - 29 * DAY_MS : parseBound(from, 'from');
  if (toMs < fromMs) throw invalid('to', 'is before from');
  if (toMs - fromMs + 1 > MAX_RANGE_DAYS * DAY_MS) throw invalid('to', `makes the range longer than ${MAX_RANGE_DAYS} days`);
  return { from: fromMs, to: toMs };
}

/** The period of equal length right before the range (trends' and alerts' comparison). */
export function previousRange(range: DateRange): DateRange {
  const length = range.to - range.from + 1;
  return { from: range.from - length, to: range.from - 1 };
}

export const INTERVALS = ['day', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Period number of a time: UTC days since the epoch, or ISO weeks (Monday first; 1970-01-01 was a Thursday). */
export function periodOf(ms: number, interval: Interval): number {
  const day = Math.floor(ms / DAY_MS);
  return interval === 'day' ? day : Math.floor((day + 3) / 7);
}

export function periodStart(period: number, interval: Interval): number {
  return interval === 'day' ? period * DAY_MS : (period * 7 - 3) * DAY_MS;
}

/** The same period numbering in SQL over an integer millisecond expression. */
export function periodSql(ms: string, interval: Interval): string {
  return interval === 'day' ? `(${ms} / ${DAY_MS})` : `((${ms} / ${DAY_MS} + 3) / 7)`;
}
