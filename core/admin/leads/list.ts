/**
 * The console's lead list: live leads (merged-away ones are never listed) of one tenant, newest seen first, keyset
 * paginated on (last_seen, id) over the partial index leads_tenant_live_seen (migration 0009). Country and variant
 * are not lead columns: each listed lead's latest ones are read from its events (raw_events_tracking index), and a
 * country / variant filter compares those, so it costs a lookup per candidate lead (README "Scale path").
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db';
import { encodeOpaqueCursor } from '../opaque-cursor';
import type { LeadFilters, LeadPage } from './filters';
import { type LeadSummary, type LeadSummaryRow, MAX_LISTED_TRACKING_IDS, leadSummaryOf } from './summary';

const latestCountry = sql`(SELECT json_extract(e.payload, '$.request.country')
  FROM lead_aliases a JOIN raw_events e ON e.tenant_id = a.tenant_id AND e.tracking_id = a.tracking_id
  WHERE a.tenant_id = l.tenant_id AND a.lead_id = l.id AND json_extract(e.payload, '$.request.country') IS NOT NULL
  ORDER BY e.ts DESC LIMIT 1)`;

const latestVariant = sql`(SELECT json_extract(e.payload, '$.event.props.variant')
  FROM lead_aliases a JOIN raw_events e ON e.tenant_id = a.tenant_id AND e.tracking_id = a.tracking_id
  WHERE a.tenant_id = l.tenant_id AND a.lead_id = l.id AND e.type = 'track'
    AND json_extract(e.payload, '$.event.props.variant') IS NOT NULL
  ORDER BY e.ts DESC LIMIT 1)`;

export const SUMMARY_COLUMNS = sql`l.id, l.email, l.name, l.phone, l.score, l.stage, l.first_touch, l.last_touch,
  l.first_seen, l.last_seen, ${latestCountry} AS country, ${latestVariant} AS variant,
  (SELECT json_group_array(tracking_id) FROM (SELECT a.tracking_id FROM lead_aliases a
    WHERE a.tenant_id = l.tenant_id AND a.lead_id = l.id ORDER BY a.created_at, a.tracking_id
    LIMIT ${MAX_LISTED_TRACKING_IDS})) AS tracking_ids`;

/** The live lead a tracking id belongs to (its alias may still name an absorbed lead). */
function leadOfTrackingId(tenantId: string, trackingId: string): SQL {
  return sql`l.id IN (SELECT coalesce(x.merged_into, x.id) FROM lead_aliases a
    JOIN leads x ON x.tenant_id = a.tenant_id AND x.id = a.lead_id
    WHERE a.tenant_id = ${tenantId} AND a.tracking_id = ${trackingId})`;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

function conditions(tenantId: string, filters: LeadFilters): SQL[] {
  const where: SQL[] = [sql`l.tenant_id = ${tenantId}`, sql`l.merged_into IS NULL`];
  const touch = filters.attribution === 'last' ? sql.raw('l.last_touch') : sql.raw('l.first_touch');
  if (filters.email !== undefined) {
    // The person's lead, also when the email is on a lead merged into it.
    where.push(
      sql`l.id IN (SELECT coalesce(x.merged_into, x.id) FROM leads x WHERE x.tenant_id = ${tenantId} AND x.email = ${filters.email})`,
    );
  }
  if (filters.trackingId !== undefined) where.push(leadOfTrackingId(tenantId, filters.trackingId));
  if (filters.q !== undefined) {
    const pattern = likePattern(filters.q);
    where.push(sql`(l.email LIKE ${pattern} ESCAPE '\\' OR l.name LIKE ${pattern} ESCAPE '\\' OR l.id = ${filters.q}
      OR ${leadOfTrackingId(tenantId, filters.q)})`);
  }
  if (filters.stage !== undefined) where.push(sql`l.stage = ${filters.stage}`);
  if (filters.scoreMin !== undefined) where.push(sql`l.score >= ${filters.scoreMin}`);
  if (filters.scoreMax !== undefined) where.push(sql`l.score <= ${filters.scoreMax}`);
  if (filters.channel !== undefined) where.push(sql`json_extract(${touch}, '$.channel') = ${filters.channel}`);
  if (filters.campaign !== undefined) where.push(sql`json_extract(${touch}, '$.utm_campaign') = ${filters.campaign}`);
  if (filters.range !== null) where.push(sql`l.last_seen >= ${filters.range.from} AND l.last_seen <= ${filters.range.to}`);
  if (filters.identified !== undefined)
    where.push(filters.identified ? sql`(l.email IS NOT NULL OR l.phone IS NOT NULL)` : sql`l.email IS NULL AND l.phone IS NULL`);
  if (filters.country !== undefined) where.push(sql`${latestCountry} = ${filters.country}`);
  if (filters.variant !== undefined) where.push(sql`${latestVariant} = ${filters.variant}`);
  return where;
}

export interface LeadList {
  leads: LeadSummary[];
  next_cursor: string | null;
}

/** One page of the tenant's leads matching the filters. */
export async function listLeads(db: Database, tenantId: string, filters: LeadFilters, page: LeadPage): Promise<LeadList> {
  const where = conditions(tenantId, filters);
  if (page.after !== null) {
    where.push(sql`(l.last_seen < ${page.after.lastSeen} OR (l.last_seen = ${page.after.lastSeen} AND l.id < ${page.after.id}))`);
  }
  const rows = await db.all<LeadSummaryRow>(sql`SELECT ${SUMMARY_COLUMNS} FROM leads l
    WHERE ${sql.join(where, sql` AND `)}
    ORDER BY l.last_seen DESC, l.id DESC LIMIT ${page.limit + 1}`);
  const shown = rows.slice(0, page.limit);
  const last = shown[shown.length - 1];
  return {
    leads: shown.map(leadSummaryOf),
    next_cursor: rows.length > page.limit && last ? encodeOpaqueCursor([last.last_seen, last.id]) : null,
  };
}
