/**
 * Pure: which degradations the alerts cron reports (README, Console: alerts). A campaign (by first touch, as in the
 * campaign table) is compared with itself: the trailing window against the window of equal length before it.
 *  - mql_to_sql_drop: MQL→SQL fell by at least `mql_to_sql_drop` (a fraction of the previous rate);
 *  - cost_per_sql_rise: cost per SQL rose by at least `cost_per_sql_rise` (both windows need an SQL and spend);
 *  - bot_spike (tenant-wide): bot events at least `bot_spike` × the previous window's, and at least
 *    `min_bot_events`.
 * A campaign is compared only when it has at least `min_leads` leads in each window: small numbers are noise.
 */
import type { BreakdownRow } from '../analytics/funnel';
import type { AlertsConfig } from '../tenants/destinations';

export type AlertKind = 'mql_to_sql_drop' | 'cost_per_sql_rise' | 'bot_spike';

export interface AlertCandidate {
  kind: AlertKind;
  /** null for tenant-wide alerts. */
  campaign: string | null;
  current: number;
  previous: number | null;
  threshold: number;
}

export function campaignAlerts(
  current: readonly BreakdownRow[],
  previous: readonly BreakdownRow[],
  config: AlertsConfig,
): AlertCandidate[] {
  const before = new Map(previous.map((row) => [row.key, row]));
  const found: AlertCandidate[] = [];
  for (const now of current) {
    const then = before.get(now.key);
    if (now.key === null || !then || now.leads < config.min_leads || then.leads < config.min_leads) continue;
    if (now.mql_to_sql !== null && then.mql_to_sql !== null && then.mql_to_sql > 0) {
      if ((then.mql_to_sql - now.mql_to_sql) / then.mql_to_sql >= config.mql_to_sql_drop)
        found.push({
          kind: 'mql_to_sql_drop',
          campaign: now.key,
          current: now.mql_to_sql,
          previous: then.mql_to_sql,
          threshold: config.mql_to_sql_drop,
        });
    }
    if (now.cost_per_sql !== null && then.cost_per_sql !== null && then.cost_per_sql > 0) {
      if ((now.cost_per_sql - then.cost_per_sql) / then.cost_per_sql >= config.cost_per_sql_rise)
        found.push({
          kind: 'cost_per_sql_rise',
          campaign: now.key,
          current: now.cost_per_sql,
          previous: then.cost_per_sql,
          threshold: config.cost_per_sql_rise,
        });
    }
  }
  return found;
}

export function botAlert(current: number, previous: number, config: AlertsConfig): AlertCandidate | null {
  if (current < config.min_bot_events || current < config.bot_spike * Math.max(previous, 1)) return null;
  return { kind: 'bot_spike', campaign: null, current, previous, threshold: config.bot_spike };
}
