/**
 * Pure: counts → the metrics the console shows. Rates are fractions (null when the denominator is 0); money is in
 * the spend's currency, rounded to cents; hours to SQL are rounded to hundredths.
 */
import type { Counts } from './measure';

export interface Totals {
  visits: number;
  visitors: number;
  leads: number;
  mql: number;
  sql: number;
  visit_to_lead: number | null;
  lead_to_mql: number | null;
  mql_to_sql: number | null;
  median_hours_to_sql: number | null;
  spend: number | null;
  currency: string | null;
  cost_per_lead: number | null;
  cost_per_mql: number | null;
  cost_per_sql: number | null;
}

export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function costPer(spend: number | null, count: number): number | null {
  return spend === null || count === 0 ? null : round(spend / count, 2);
}

export function totalsOf(counts: Counts): Totals {
  const spend = counts.spendMicros === null ? null : counts.spendMicros / 1_000_000;
  const hours = median(counts.toSql);
  return {
    visits: counts.visits,
    visitors: counts.visitors,
    leads: counts.leads,
    mql: counts.mql,
    sql: counts.sql,
    visit_to_lead: rate(counts.leads, counts.visitors),
    lead_to_mql: rate(counts.mql, counts.leads),
    mql_to_sql: rate(counts.sql, counts.mql),
    median_hours_to_sql: hours === null ? null : round(hours / 3_600_000, 2),
    spend,
    currency: counts.currency,
    cost_per_lead: costPer(spend, counts.leads),
    cost_per_mql: costPer(spend, counts.mql),
    cost_per_sql: costPer(spend, counts.sql),
  };
}
