/** Date ranges as the API takes them: UTC calendar days, YYYY-MM-DD, both ends inclusive. */
export interface Range {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last `days` days ending today (UTC), today included: the API's default is lastDays(30). */
export function lastDays(days: number, now = Date.now()): Range {
  return { from: isoDay(now - (days - 1) * DAY_MS), to: isoDay(now) };
}

export function validRange(range: Range): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(range.from) && /^\d{4}-\d{2}-\d{2}$/.test(range.to) && range.from <= range.to;
}

/** Days in the range, both ends counted. */
export function rangeDays(range: Range): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / DAY_MS) + 1;
}
