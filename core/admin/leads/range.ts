/**
 * The lead list's `from` / `to` (on last_seen): the admin API's range parameters (core/analytics/range.ts), except
 * that no range applies when both are absent, so a search by email or tracking id looks at all time.
 */
import { type DateRange, rangeOfParams } from '../../analytics/range';

export function optionalRange(from: string | undefined, to: string | undefined, now: number): DateRange | null {
  return from === undefined && to === undefined ? null : rangeOfParams(from, to, now);
}
