/**
 * ad_spend reads and writes. An import is ONE D1 batch (one transaction): the count of rows it replaces, then the
 * upsert; re-importing a (date, campaign, source) replaces its cost. A tenant's spend has one currency: an import
 * in another currency is refused (cost per SQL across currencies would be meaningless).
 */
import type { Database } from '../db';
import { jsonChunks, runStatements, type Statement } from '../statements';
import { type SpendRow, SpendRowError } from './spend-rows';

const ROWS = `SELECT json_extract(value, '$[0]') AS date, json_extract(value, '$[1]') AS campaign, json_extract(value, '$[2]') AS source,
  json_extract(value, '$[3]') AS cost_micros, json_extract(value, '$[4]') AS currency FROM json_each(?)`;

export async function importSpend(
  db: Database,
  tenantId: string,
  rows: readonly SpendRow[],
  importedBy: string,
  now: number,
): Promise<{ imported: number; replaced: number }> {
  const [existing = []] = await runStatements(db, [
    { sql: 'SELECT DISTINCT currency FROM ad_spend WHERE tenant_id = ? LIMIT 2', params: [tenantId] },
  ]);
  const currency = existing[0]?.currency;
  const other = rows.findIndex((row) => typeof currency === 'string' && row.currency !== currency);
  if (other !== -1)
    throw new SpendRowError(
      other + 1,
      'currency',
      `${rows[other]?.currency} differs from this tenant's spend currency ${String(currency)}`,
    );
  const tuples = rows.map((row) => [row.date, row.campaign, row.source, row.costMicros, row.currency]);
  const statements: Statement[] = [];
  for (const json of jsonChunks(tuples)) {
    statements.push({
      sql: `SELECT count(*) AS replaced FROM (${ROWS}) AS r
        JOIN ad_spend AS s ON s.tenant_id = ? AND s.date = r.date AND s.campaign = r.campaign AND s.source = r.source`,
      params: [json, tenantId],
    });
  }
  for (const json of jsonChunks(tuples)) {
    statements.push({
      sql: `INSERT INTO ad_spend (tenant_id, date, campaign, source, cost_micros, currency, imported_at, imported_by)
        SELECT ?, r.date, r.campaign, r.source, r.cost_micros, r.currency, ?, ? FROM (${ROWS}) AS r WHERE true
        ON CONFLICT (tenant_id, date, campaign, source) DO UPDATE SET cost_micros = excluded.cost_micros,
          currency = excluded.currency, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
      params: [tenantId, now, importedBy, json],
    });
  }
  const results = await runStatements(db, statements);
  const replaced = results.flat().reduce((sum, row) => sum + (typeof row.replaced === 'number' ? row.replaced : 0), 0);
  return { imported: rows.length, replaced };
}

export interface SpendListItem {
  date: string;
  campaign: string;
  source: string | null;
  cost: number;
  currency: string;
}

export type SpendCursor = [string, string, string];

/** Newest day first, then campaign and source: keyset pagination on the primary key. */
export async function listSpend(
  db: Database,
  tenantId: string,
  options: { fromDay: string; toDay: string; campaign?: string; limit: number; after?: SpendCursor },
): Promise<{ rows: SpendListItem[]; next: SpendCursor | null }> {
  const params: (string | number)[] = [tenantId, options.fromDay, options.toDay];
  let where = '';
  if (options.campaign !== undefined) {
    where += ' AND campaign = ?';
    params.push(options.campaign);
  }
  if (options.after) {
    const [date, campaign, source] = options.after;
    where += ' AND (date < ? OR (date = ? AND (campaign > ? OR (campaign = ? AND source > ?))))';
    params.push(date, date, campaign, campaign, source);
  }
  params.push(options.limit + 1);
  const [found = []] = await runStatements(db, [
    {
      sql: `SELECT date, campaign, source, cost_micros, currency FROM ad_spend
        WHERE tenant_id = ? AND date >= ? AND date <= ?${where} ORDER BY date DESC, campaign ASC, source ASC LIMIT ?`,
      params,
    },
  ]);
  const page = found.slice(0, options.limit);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({
      date: String(row.date),
      campaign: String(row.campaign),
      source: row.source === '' || row.source === null ? null : String(row.source),
      cost: Number(row.cost_micros) / 1_000_000,
      currency: String(row.currency),
    })),
    next: found.length > options.limit && last ? [String(last.date), String(last.campaign), String(last.source)] : null,
  };
}
