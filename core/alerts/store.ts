/**
 * The alerts table: one row per (tenant, kind, campaign, window end), so a cron that runs again over the same window
 * stores and notifies nothing new. Listed newest first with a keyset cursor.
 */
import type { Database } from '../db';
import { newId } from '../ids';
import { type Row, runStatements } from '../statements';
import type { AlertCandidate, AlertKind } from './evaluate';

export interface StoredAlert {
  id: string;
  kind: AlertKind;
  campaign: string | null;
  current: number;
  previous: number | null;
  threshold: number;
  window_start: number;
  window_end: number;
  created_at: number;
  notified_at: number | null;
}

const COLUMNS = 'id, kind, campaign, current, previous, threshold, window_start, window_end, created_at, notified_at';

function toAlert(row: Row): StoredAlert {
  return {
    id: String(row.id),
    kind: String(row.kind) as AlertKind,
    campaign: row.campaign === '' || row.campaign === null ? null : String(row.campaign),
    current: Number(row.current),
    previous: row.previous === null ? null : Number(row.previous),
    threshold: Number(row.threshold),
    window_start: Number(row.window_start),
    window_end: Number(row.window_end),
    created_at: Number(row.created_at),
    notified_at: row.notified_at === null ? null : Number(row.notified_at),
  };
}

/** Inserts the new ones; returns only those this call stored (not the ones an earlier run already had). */
export async function storeAlerts(
  db: Database,
  tenantId: string,
  candidates: readonly AlertCandidate[],
  window: { start: number; end: number },
  now: number,
): Promise<StoredAlert[]> {
  if (candidates.length === 0) return [];
  const statements = candidates.map((candidate) => ({
    sql: `INSERT INTO alerts (id, tenant_id, kind, campaign, window_start, window_end, current, previous, threshold, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, kind, campaign, window_end) DO NOTHING RETURNING ${COLUMNS}`,
    params: [
      newId('alr'),
      tenantId,
      candidate.kind,
      candidate.campaign ?? '',
      window.start,
      window.end,
      candidate.current,
      candidate.previous,
      candidate.threshold,
      now,
    ],
  }));
  return (await runStatements(db, statements)).flat().map(toAlert);
}

export async function readAlert(
  db: Database,
  tenantId: string,
  id: string,
): Promise<(StoredAlert & { notified_targets: number[] }) | null> {
  const [found = []] = await runStatements(db, [
    { sql: `SELECT ${COLUMNS}, notified_targets FROM alerts WHERE tenant_id = ? AND id = ?`, params: [tenantId, id] },
  ]);
  const row = found[0];
  if (!row) return null;
  const targets: unknown = JSON.parse(String(row.notified_targets ?? '[]'));
  return { ...toAlert(row), notified_targets: Array.isArray(targets) ? targets.filter((t): t is number => typeof t === 'number') : [] };
}

export async function markNotified(db: Database, tenantId: string, id: string, target: number, now: number): Promise<void> {
  await runStatements(db, [
    {
      sql: `UPDATE alerts SET notified_at = coalesce(notified_at, ?),
          notified_targets = CASE WHEN EXISTS (SELECT 1 FROM json_each(notified_targets) WHERE value = ?) THEN notified_targets
            ELSE json_insert(notified_targets, '$[#]', ?) END
        WHERE tenant_id = ? AND id = ?`,
      params: [now, target, target, tenantId, id],
    },
  ]);
}

export type AlertCursor = [number, string];

export async function listAlerts(
  db: Database,
  tenantId: string,
  options: { limit: number; after?: AlertCursor },
): Promise<{ alerts: StoredAlert[]; next: AlertCursor | null }> {
  const params: (string | number)[] = [tenantId];
  let where = '';
  if (options.after) {
    where = ' AND (created_at < ? OR (created_at = ? AND id < ?))';
    params.push(options.after[0], options.after[0], options.after[1]);
  }
  params.push(options.limit + 1);
  const [found = []] = await runStatements(db, [
    { sql: `SELECT ${COLUMNS} FROM alerts WHERE tenant_id = ?${where} ORDER BY created_at DESC, id DESC LIMIT ?`, params },
  ]);
  const alerts = found.slice(0, options.limit).map(toAlert);
  const last = alerts.at(-1);
  return { alerts, next: found.length > options.limit && last ? [last.created_at, last.id] : null };
}
