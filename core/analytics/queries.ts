/**
 * The SQL of the funnel: four read statements sent in one round trip, each scoped by tenant and grouped by the
 * caller's key (nothing, a dimension, or a day/week period). What each counts is defined in README, Console:
 *  - visits: human page views in the range (raw_events_page_views, a covering partial index); visitors: their
 *    distinct tracking ids;
 *  - leads: live leads with an email or phone whose FIRST identify carrying one falls in the range
 *    (raw_events_identified, a partial index of exactly those events, then lead_aliases);
 *  - stages: per lead, the first time it reached MQL-or-higher and the first time it reached SQL (lead_changes,
 *    lead_changes_tenant_at), absorbed leads resolved to their survivor; one row per lead, grouped by the caller;
 *  - spend: ad_spend by day, campaign and source.
 */
import type { SqlValue, Statement } from '../statements';
import { type Dimension, type Filters, LEAD_DIMENSION, SPEND_DIMENSION, VISIT_DIMENSION, activeFilters } from './dimensions';
import { type DateRange, type Interval, dayOf, periodSql } from './range';

export type Grouping = { kind: 'total' } | { kind: 'dimension'; by: Dimension } | { kind: 'period'; interval: Interval };

export interface Query {
  tenantId: string;
  range: DateRange;
  filters: Filters;
  grouping: Grouping;
}

const usesVariant = (query: Query) =>
  query.filters.variant !== undefined || (query.grouping.kind === 'dimension' && query.grouping.by === 'variant');

function filterSql(query: Query, columns: Record<Dimension, string>, params: SqlValue[]): string {
  return activeFilters(query.filters)
    .map(([dimension, value]) => {
      params.push(value);
      return ` AND ${columns[dimension]} = ?`;
    })
    .join('');
}

function keySql(query: Query, columns: Record<Dimension, string>, time: string): string {
  const { grouping } = query;
  if (grouping.kind === 'total') return 'NULL';
  if (grouping.kind === 'dimension') return columns[grouping.by];
  return periodSql(time, grouping.interval);
}

export function visitsStatement(query: Query): Statement {
  const params: SqlValue[] = [];
  let prefix = '';
  let join = '';
  if (usesVariant(query)) {
    // A visitor's variant: the one on their first widget event (stable per tracking id, README, Variants).
    prefix = `WITH vv AS (SELECT tracking_id, variant, min(ts) AS first_ts FROM raw_events
      WHERE tenant_id = ? AND variant IS NOT NULL GROUP BY tracking_id) `;
    params.push(query.tenantId);
    join = `${query.filters.variant === undefined ? 'LEFT ' : ''}JOIN vv ON vv.tracking_id = r.tracking_id`;
  }
  params.push(query.tenantId, query.range.from, query.range.to);
  const filters = filterSql(query, VISIT_DIMENSION, params);
  return {
    sql: `${prefix}SELECT ${keySql(query, VISIT_DIMENSION, 'r.ts')} AS k, count(*) AS visits, count(DISTINCT r.tracking_id) AS visitors
      FROM raw_events AS r ${join}
      WHERE r.tenant_id = ? AND r.type = 'page_view' AND r.bot = 0 AND r.ts >= ? AND r.ts <= ?${filters}
      GROUP BY k`,
    params,
  };
}

/** The lead's variant: the one on the first widget event of any of its tracking ids. */
const LEAD_VARIANT = `lv AS (SELECT a.lead_id AS lead_id, r.variant AS variant, min(r.ts) AS first_ts FROM raw_events AS r
  JOIN lead_aliases AS a ON a.tenant_id = r.tenant_id AND a.tracking_id = r.tracking_id
  WHERE r.tenant_id = ? AND r.variant IS NOT NULL GROUP BY a.lead_id)`;

/** The WHERE of the raw_events_identified partial index, term for term, so the planner reads the index alone. */
const IDENTIFIED = `r.type = 'identify' AND r.bot = 0 AND (json_extract(r.payload, '$.event.traits.email') IS NOT NULL OR json_extract(r.payload, '$.event.traits.phone') IS NOT NULL)`;

export function leadsStatement(query: Query): Statement {
  const params: SqlValue[] = [query.tenantId, query.range.to];
  const variant = usesVariant(query);
  if (variant) params.push(query.tenantId);
  params.push(query.tenantId, query.range.from);
  const filters = filterSql(query, LEAD_DIMENSION, params);
  return {
    sql: `WITH ident AS (SELECT a.lead_id AS lead_id, min(r.ts) AS at FROM raw_events AS r
        JOIN lead_aliases AS a ON a.tenant_id = r.tenant_id AND a.tracking_id = r.tracking_id
        WHERE r.tenant_id = ? AND r.ts <= ? AND ${IDENTIFIED}
        GROUP BY a.lead_id)${variant ? `, ${LEAD_VARIANT}` : ''}
      SELECT ${keySql(query, LEAD_DIMENSION, 'i.at')} AS k, count(*) AS leads
      FROM ident AS i JOIN leads AS l ON l.tenant_id = ? AND l.id = i.lead_id ${variant ? 'LEFT JOIN lv ON lv.lead_id = l.id' : ''}
      WHERE i.at >= ? AND l.merged_into IS NULL AND (l.email IS NOT NULL OR l.phone IS NOT NULL)${filters}
      GROUP BY k`,
    params,
  };
}

/** One row per lead that first reached MQL (or higher) or SQL in the range: k, mql_at, sql_at, first_seen. */
export function stagesStatement(query: Query): Statement {
  const params: SqlValue[] = [query.tenantId, query.range.to];
  const variant = usesVariant(query);
  if (variant) params.push(query.tenantId);
  params.push(query.tenantId, query.range.from, query.range.from);
  const filters = filterSql(query, LEAD_DIMENSION, params);
  // Periods are taken in the Worker (MQL and SQL fall in different periods); dimensions here.
  const key = query.grouping.kind === 'dimension' ? LEAD_DIMENSION[query.grouping.by] : 'NULL';
  return {
    sql: `WITH reached AS (SELECT coalesce(l0.merged_into, l0.id) AS lead_id,
          min(CASE WHEN c.to_stage IN ('MQL', 'SQL') THEN c.at END) AS mql_at,
          min(CASE WHEN c.to_stage = 'SQL' THEN c.at END) AS sql_at
        FROM lead_changes AS c JOIN leads AS l0 ON l0.tenant_id = c.tenant_id AND l0.id = c.lead_id
        WHERE c.tenant_id = ? AND c.type = 'lead.stage_changed' AND c.to_stage IN ('MQL', 'SQL') AND c.at <= ?
        GROUP BY 1)${variant ? `, ${LEAD_VARIANT}` : ''}
      SELECT ${key} AS k, s.mql_at AS mql_at, s.sql_at AS sql_at, l.first_seen AS first_seen
      FROM reached AS s JOIN leads AS l ON l.tenant_id = ? AND l.id = s.lead_id ${variant ? 'LEFT JOIN lv ON lv.lead_id = l.id' : ''}
      WHERE (s.mql_at >= ? OR s.sql_at >= ?)${filters}`,
    params,
  };
}

/** Whether spend can follow the query: it is recorded per campaign and source only. */
export function spendApplies(query: Query): boolean {
  const filtered = activeFilters(query.filters).every(([dimension]) => SPEND_DIMENSION[dimension] !== undefined);
  return filtered && (query.grouping.kind !== 'dimension' || SPEND_DIMENSION[query.grouping.by] !== undefined);
}

const SPEND_DAY = `CAST(julianday(s.date) - 2440587.5 AS INTEGER)`;

/** Spend by whole UTC days: a row counts when its date is one of the days the range touches. */
export function spendStatement(query: Query): Statement {
  const params: SqlValue[] = [query.tenantId, dayOf(query.range.from), dayOf(query.range.to)];
  const columns = SPEND_DIMENSION as Record<Dimension, string>;
  const filters = filterSql(query, columns, params);
  const { grouping } = query;
  const key =
    grouping.kind === 'total'
      ? 'NULL'
      : grouping.kind === 'dimension'
        ? columns[grouping.by]
        : grouping.interval === 'day'
          ? SPEND_DAY
          : `((${SPEND_DAY} + 3) / 7)`;
  return {
    sql: `SELECT ${key} AS k, s.currency AS currency, sum(s.cost_micros) AS micros FROM ad_spend AS s
      WHERE s.tenant_id = ? AND s.date >= ? AND s.date <= ?${filters} GROUP BY k, s.currency`,
    params,
  };
}
