/** The funnel chart's arithmetic, pure. */

/** The longest bar, in SVG units. */
export const BAR_MAX = 360;

/** The step each of the API's rates converts into (visitors are people, not a step after visits: no rate). */
export const STEP_RATE = { visits: null, visitors: null, leads: 'visit_to_lead', mql: 'lead_to_mql', sql: 'mql_to_sql' } as const;

/** A bar's width: to scale with the largest step, but never invisible for a non-zero count. */
export function barWidth(n: number, max: number, full = BAR_MAX): number {
  if (max <= 0 || n <= 0) return 0;
  return Math.max(2, (n / max) * full);
}
