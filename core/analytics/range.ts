/** Date ranges of the console's analytics: UTC milliseconds, both ends inclusive. */
export const DAY_MS = 86_400_000;
export const MAX_RANGE_DAYS = 400;

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
