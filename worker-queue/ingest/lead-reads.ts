/**
 * The two set-based reads scoring needs, for up to 100 leads: two statements, each with ONE JSON parameter expanded
 * by json_each, so the statement count does not grow with the number of leads (sent together; drizzle cannot put
 * raw SQL with parameters into a D1 batch):
 *  - the live lead rows (an absorbed lead id is followed to its survivor);
 *  - every alias of those leads with the raw events stored under it that can score (only the columns and payload
 *    fields scoring reads, never the bulky touches of each payload). The default rules only look at `track` and
 *    `identify` events, so page views and form submits are read only for tenants whose extra rules match them;
 *    the alias's latest country (for routing) comes from one indexed lookup per alias instead.
 * Every join carries the tenant id of its pair, so each row is scoped by tenant like every other query.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../core/db';
import type { Stage } from '../../core/scoring/types';

export interface LeadKey {
  tenant_id: string;
  lead_id: string;
}

export interface LeadRow {
  id: string;
  tenant_id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  traits: string;
  first_touch: string | null;
  last_touch: string | null;
  first_seen: number;
  last_seen: number;
  score: number;
  /** Written only from STAGES (core/schema.ts). */
  stage: Stage;
  score_breakdown: string;
  answers: string;
  version: number;
}

export interface AliasEventRow {
  tenant_id: string;
  lead_id: string;
  tracking_id: string;
  alias_created_at: number;
  /** null for an alias without stored events. */
  event_id: string | null;
  type: string | null;
  name: string | null;
  ts: number | null;
  session_id: string | null;
  bot: number | null;
  request_bot: number | null;
  url: string | null;
  /** JSON text of the event's props. */
  props: string | null;
  email: string | null;
  phone: string | null;
  /** JSON `[ts, country]` of the alias's latest human event that carried a country, or null. */
  latest_country: string | null;
}

/** Pairs as one JSON parameter: [["acme","lead_1"], …]. */
export function keysParam(keys: readonly LeadKey[], readsAllEvents: (tenantId: string) => boolean = () => true): string {
  return JSON.stringify(keys.map((key) => [key.tenant_id, key.lead_id, readsAllEvents(key.tenant_id) ? 1 : 0]));
}

// The asked-for ids, each replaced by its survivor when it was merged (merges re-point chains, so one hop is enough).
const liveLeads = (keys: string) => sql`
  wanted(tenant_id, lead_id, all_events) AS (
    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(${keys})
  ),
  live(tenant_id, lead_id, all_events) AS (
    SELECT DISTINCT l.tenant_id, coalesce(l.merged_into, l.id), w.all_events
    FROM wanted w JOIN leads l ON l.tenant_id = w.tenant_id AND l.id = w.lead_id
  )`;

/** `readsAllEvents(tenant)`: whether that tenant's rules look at page views and form submits too. */
export async function readLeadsAndEvents(
  db: Database,
  keys: readonly LeadKey[],
  readsAllEvents: (tenantId: string) => boolean,
): Promise<{ leads: LeadRow[]; events: AliasEventRow[] }> {
  const param = keysParam(keys, readsAllEvents);
  const [leads, events] = await Promise.all([
    db.all<LeadRow>(sql`
      WITH ${liveLeads(param)}
      SELECT l.id, l.tenant_id, l.email, l.phone, l.name, l.traits, l.first_touch, l.last_touch, l.first_seen, l.last_seen,
             l.score, l.stage, l.score_breakdown, l.answers, l.version
      FROM live JOIN leads l ON l.tenant_id = live.tenant_id AND l.id = live.lead_id
      WHERE l.merged_into IS NULL`),
    db.all<AliasEventRow>(sql`
      WITH ${liveLeads(param)}
      SELECT a.tenant_id, a.lead_id, a.tracking_id, a.created_at AS alias_created_at,
             e.event_id, e.type, e.name, e.ts, e.session_id, e.bot,
             json_extract(e.payload, '$.request.bot') AS request_bot,
             json_extract(e.payload, '$.event.url') AS url,
             json_extract(e.payload, '$.event.props') AS props,
             json_extract(e.payload, '$.event.traits.email') AS email,
             json_extract(e.payload, '$.event.traits.phone') AS phone,
             (SELECT json_array(r.ts, json_extract(r.payload, '$.request.country')) FROM raw_events r
               WHERE r.tenant_id = a.tenant_id AND r.tracking_id = a.tracking_id AND r.bot = 0
                 AND coalesce(json_extract(r.payload, '$.request.bot'), 0) = 0
                 AND json_extract(r.payload, '$.request.country') IS NOT NULL
               ORDER BY r.ts DESC LIMIT 1) AS latest_country
      FROM live
      JOIN lead_aliases a ON a.tenant_id = live.tenant_id AND a.lead_id = live.lead_id
      LEFT JOIN raw_events e ON e.tenant_id = a.tenant_id AND e.tracking_id = a.tracking_id
        AND (live.all_events = 1 OR e.type IN ('track', 'identify'))`),
  ]);
  return { leads, events };
}
