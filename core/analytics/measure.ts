/** Runs the funnel's statements (one round trip) and gathers their rows into counts per group key. */
import type { Database } from '../db';
import { type Row, type SqlValue, type Statement, runStatements } from '../statements';
import { type Query, leadsStatement, spendApplies, spendStatement, stagesStatement, visitsStatement } from './queries';
import { periodOf } from './range';

export type GroupKey = string | number | null;

export interface Counts {
  key: GroupKey;
  visits: number;
  visitors: number;
  leads: number;
  mql: number;
  sql: number;
  /** Milliseconds from first seen to the first SQL change, one per SQL lead. */
  toSql: number[];
  /** null: spend does not apply to this grouping or filter (channel, landing page, variant). */
  spendMicros: number | null;
  currency: string | null;
}

export function emptyCounts(key: GroupKey, spendApplies: boolean): Counts {
  return { key, visits: 0, visitors: 0, leads: 0, mql: 0, sql: 0, toSql: [], spendMicros: spendApplies ? 0 : null, currency: null };
}

const num = (value: SqlValue | undefined) => (typeof value === 'number' ? value : Number(value ?? 0));

function keyOf(value: SqlValue | undefined): GroupKey {
  if (value === undefined || value === null) return null;
  return value;
}

export async function measure(db: Database, query: Query): Promise<Map<string, Counts>> {
  const withSpend = spendApplies(query);
  const statements: Statement[] = [visitsStatement(query), leadsStatement(query), stagesStatement(query)];
  if (withSpend) statements.push(spendStatement(query));
  const [visits = [], leads = [], stages = [], spend = []] = await runStatements(db, statements);
  const groups = new Map<string, Counts>();
  const group = (key: GroupKey): Counts => {
    const id = JSON.stringify(key);
    let counts = groups.get(id);
    if (!counts) {
      counts = emptyCounts(key, withSpend);
      groups.set(id, counts);
    }
    return counts;
  };
  for (const row of visits) {
    const counts = group(keyOf(row.k));
    counts.visits += num(row.visits);
    counts.visitors += num(row.visitors);
  }
  for (const row of leads) group(keyOf(row.k)).leads += num(row.leads);
  for (const row of stages) addStages(query, row, group);
  for (const row of spend) {
    const counts = group(keyOf(row.k));
    counts.spendMicros = (counts.spendMicros ?? 0) + num(row.micros);
    // One currency per tenant (the import refuses a second one), so a group has at most one.
    counts.currency = typeof row.currency === 'string' ? row.currency : counts.currency;
  }
  return groups;
}

function addStages(query: Query, row: Row, group: (key: GroupKey) => Counts): void {
  const { range, grouping } = query;
  const inRange = (at: SqlValue | undefined): at is number => typeof at === 'number' && at >= range.from && at <= range.to;
  const keyAt = (at: number) => (grouping.kind === 'period' ? periodOf(at, grouping.interval) : keyOf(row.k));
  if (inRange(row.mql_at)) group(keyAt(row.mql_at)).mql += 1;
  if (inRange(row.sql_at)) {
    const counts = group(keyAt(row.sql_at));
    counts.sql += 1;
    counts.toSql.push(row.sql_at - num(row.first_seen));
  }
}
