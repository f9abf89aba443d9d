/** The console's funnel, campaign table and trends (GET /v1/admin/funnel, /breakdown, /trends). */
import type { Database } from '../db';
import type { Dimension, Filters } from './dimensions';
import { type Counts, emptyCounts, measure } from './measure';
import { type Totals, totalsOf } from './metrics';
import { spendApplies } from './queries';
import { type DateRange, type Interval, periodOf, periodStart, previousRange } from './range';

export async function funnel(db: Database, tenantId: string, range: DateRange, filters: Filters): Promise<Totals> {
  const query = { tenantId, range, filters, grouping: { kind: 'total' } as const };
  const [counts] = [...(await measure(db, query)).values()];
  return totalsOf(counts ?? emptyCounts(null, spendApplies(query)));
}

export interface BreakdownRow extends Omit<Totals, 'currency'> {
  key: string | null;
}

/** One row per value of the dimension (null: events or leads without it), most visits first. */
export async function breakdown(
  db: Database,
  tenantId: string,
  range: DateRange,
  by: Dimension,
  filters: Filters = {},
): Promise<BreakdownRow[]> {
  const groups = await measure(db, { tenantId, range, filters, grouping: { kind: 'dimension', by } });
  return [...groups.values()]
    .map((counts) => {
      const { currency: _currency, ...totals } = totalsOf(counts);
      return { key: counts.key === null ? null : String(counts.key), ...totals };
    })
    .sort((a, b) => b.visits - a.visits || b.leads - a.leads || String(a.key).localeCompare(String(b.key)));
}

export interface TrendPoint {
  period_start: number;
  visits: number;
  visitors: number;
  leads: number;
  mql: number;
  sql: number;
}

export type Change = Record<'visits' | 'visitors' | 'leads' | 'mql' | 'sql' | 'mql_to_sql' | 'cost_per_sql', number | null>;

export interface Trends {
  points: TrendPoint[];
  current: Totals;
  previous: Totals;
  change: Change;
}

function relative(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}

export async function trends(db: Database, tenantId: string, range: DateRange, interval: Interval, filters: Filters): Promise<Trends> {
  const [byPeriod, current, previous] = await Promise.all([
    measure(db, { tenantId, range, filters, grouping: { kind: 'period', interval } }),
    funnel(db, tenantId, range, filters),
    funnel(db, tenantId, previousRange(range), filters),
  ]);
  const counted = new Map([...byPeriod.values()].map((counts) => [Number(counts.key), counts]));
  const points: TrendPoint[] = [];
  // Every period the range touches, empty ones included, so a chart has no gaps.
  for (let period = periodOf(range.from, interval); period <= periodOf(range.to, interval); period++) {
    const counts: Counts = counted.get(period) ?? emptyCounts(period, false);
    points.push({
      period_start: periodStart(period, interval),
      visits: counts.visits,
      visitors: counts.visitors,
      leads: counts.leads,
      mql: counts.mql,
      sql: counts.sql,
    });
  }
  const change: Change = {
    visits: relative(current.visits, previous.visits),
    visitors: relative(current.visitors, previous.visitors),
    leads: relative(current.leads, previous.leads),
    mql: relative(current.mql, previous.mql),
    sql: relative(current.sql, previous.sql),
    mql_to_sql: relative(current.mql_to_sql, previous.mql_to_sql),
    cost_per_sql: relative(current.cost_per_sql, previous.cost_per_sql),
  };
  return { points, current, previous, change };
}
