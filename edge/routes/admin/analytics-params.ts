/**
 * Query parameters shared by the analytics routes (funnel, breakdown, trends, spend): the date range (`from`, `to`:
 * YYYY-MM-DD UTC days, both inclusive, or ISO datetimes; default the last 30 days ending today; at most 400 days)
 * and the attribution filters. Bad input → 400 validation_failed with `details.issues`.
 */
import * as v from 'valibot';
import { DIMENSIONS, type Filters } from '../../../core/analytics/dimensions';
import { type DateRange, isDateParam, rangeOfParams } from '../../../core/analytics/range';
import { AppError, clip } from '../../../core/errors';

const dateParam = v.pipe(v.string(), v.check(isDateParam, 'must be YYYY-MM-DD or an ISO 8601 datetime'));
const filterParam = v.optional(v.pipe(v.string(), v.maxLength(500, 'must be at most 500 characters')));

export const RangeQuerySchema = v.object({ from: v.optional(dateParam), to: v.optional(dateParam) });
export const FilterQuerySchema = v.object(Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, filterParam])));

export function invalid(issues: readonly v.BaseIssue<unknown>[]): AppError {
  const list = issues.slice(0, 20).map((issue) => ({
    path: clip(issue.path?.map((item) => String(item.key)).join('.') ?? ''),
    message: clip(issue.message),
  }));
  return new AppError('validation_failed', `invalid query: ${list[0]?.path ?? ''} ${list[0]?.message ?? ''}`.trim(), {
    details: { issues: list },
  });
}

export function parseQuery<T extends v.GenericSchema>(schema: T, query: Record<string, string>): v.InferOutput<T> {
  const result = v.safeParse(schema, query);
  if (!result.success) throw invalid(result.issues);
  return result.output;
}

export function rangeOf(query: { from?: string | undefined; to?: string | undefined }, now: number): DateRange {
  return rangeOfParams(query.from, query.to, now);
}

export function filtersOf(query: Record<string, string | undefined>): Filters {
  const filters: Filters = {};
  for (const dimension of DIMENSIONS) {
    const value = query[dimension];
    if (value !== undefined && value !== '') filters[dimension] = value;
  }
  return filters;
}

export const iso = (ms: number) => new Date(ms).toISOString();
