/**
 * One tenant's alert check (the cron calls it per tenant with a console): the campaign table and the bot count of
 * the trailing window (whole UTC days ending before today) and of the window before, compared by ./evaluate.ts,
 * the new alerts stored (deduplicated on kind, campaign and window).
 */
import { breakdown } from '../analytics/funnel';
import { DAY_MS, type DateRange, previousRange, startOfDay } from '../analytics/range';
import type { Database } from '../db';
import { runStatements } from '../statements';
import type { AlertsConfig } from '../tenants/destinations';
import { botAlert, campaignAlerts } from './evaluate';
import { type StoredAlert, storeAlerts } from './store';

export function alertWindow(now: number, days: number): DateRange {
  const end = startOfDay(now);
  return { from: end - days * DAY_MS, to: end - 1 };
}

/** Bot events (any type) in a range: the raw_events_bots partial index. */
async function botEvents(db: Database, tenantId: string, current: DateRange, previous: DateRange): Promise<[number, number]> {
  const sql = 'SELECT count(*) AS n FROM raw_events WHERE tenant_id = ? AND bot = 1 AND ts >= ? AND ts <= ?';
  const [now = [], before = []] = await runStatements(db, [
    { sql, params: [tenantId, current.from, current.to] },
    { sql, params: [tenantId, previous.from, previous.to] },
  ]);
  return [Number(now[0]?.n ?? 0), Number(before[0]?.n ?? 0)];
}

export async function checkTenant(db: Database, tenantId: string, config: AlertsConfig, now: number): Promise<StoredAlert[]> {
  const current = alertWindow(now, config.window_days);
  const previous = previousRange(current);
  const [rowsNow, rowsBefore, [botsNow, botsBefore]] = await Promise.all([
    breakdown(db, tenantId, current, 'campaign'),
    breakdown(db, tenantId, previous, 'campaign'),
    botEvents(db, tenantId, current, previous),
  ]);
  const candidates = campaignAlerts(rowsNow, rowsBefore, config);
  const bots = botAlert(botsNow, botsBefore, config);
  if (bots) candidates.push(bots);
  return storeAlerts(db, tenantId, candidates, { start: current.from, end: current.to }, now);
}
