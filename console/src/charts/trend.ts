/** A KPI's trend arrow from the API's `change` (fraction against the previous period of equal length), pure. */
import type { Change } from '../api/types';

/** Metrics where going down is the good direction. */
const LOWER_IS_BETTER = new Set<string>(['cost_per_sql']);

export function trendOf(
  key: string,
  change: Change,
): { fraction: number; direction: 'up' | 'down' | 'flat'; good: boolean } | null | undefined {
  if (!(key in change)) return undefined; // the API gives no change for this metric
  const fraction = change[key as keyof Change];
  if (fraction === null || fraction === undefined) return null; // nothing to compare with
  const direction = fraction > 0 ? 'up' : fraction < 0 ? 'down' : 'flat';
  const good = direction == 'flat' || (direction == 'up') != LOWER_IS_BETTER.has(key);
  return { fraction, direction, good };
}
