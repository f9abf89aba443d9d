import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { AppError } from '../../core/errors';
import { CLIENT_ID_PATTERN } from '../../core/ids';
import type { AppEnv } from '../context';

export const demoRoute = new Hono<AppEnv>();

/** The demo's "what happened" view shows this many of the visitor's newest raw events. */
export const DEMO_EVENT_LIMIT = 50;
/** A lead absorbed by a merge points at its survivor; chains are short, this only bounds a bad one. */
const MAX_MERGE_HOPS = 5;

interface RawEventRow {
  event_id: string;
  type: string;
  name: string | null;
  ts: number;
  received_at: number;
  bot: number;
  payload: string;
}

interface LeadRow {
  id: string;
  email: string | null;
  phone: string | null;
  name: string | null;
  traits: string;
  first_touch: string | null;
  last_touch: string | null;
  first_seen: number;
  last_seen: number;
  merged_into: string | null;
}

interface TouchRow {
  tracking_id: string;
  ts: number;
  channel: string;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  utm_id: string | null;
  click_ids: string;
  referrer: string | null;
  landing_url: string | null;
}

const json = (text: string | null): unknown => (text == null ? null : (JSON.parse(text) as unknown));

function visitorId(query: string | undefined, cookie: string | undefined): string {
  const trackingId = query ?? cookie;
  if (trackingId === undefined || !CLIENT_ID_PATTERN.test(trackingId)) {
    const message = 'tracking_id must be 8-64 characters of A-Z a-z 0-9 _ - (the _lt_id cookie or ?tracking_id=)';
    throw new AppError('validation_failed', `invalid request: ${message}`, { details: { issues: [{ path: 'tracking_id', message }] } });
  }
  return trackingId;
}

async function readLead(db: D1Database, tenantId: string, trackingId: string): Promise<LeadRow | null> {
  const columns = 'id, email, phone, name, traits, first_touch, last_touch, first_seen, last_seen, merged_into';
  const alias = await db
    .prepare('SELECT lead_id FROM lead_aliases WHERE tenant_id = ? AND tracking_id = ?')
    .bind(tenantId, trackingId)
    .first<{ lead_id: string }>();
  let lead =
    alias &&
    (await db.prepare(`SELECT ${columns} FROM leads WHERE tenant_id = ? AND id = ?`).bind(tenantId, alias.lead_id).first<LeadRow>());
  for (let hop = 0; lead?.merged_into && hop < MAX_MERGE_HOPS; hop++)
    lead = await db
      .prepare(`SELECT ${columns} FROM leads WHERE tenant_id = ? AND id = ?`)
      .bind(tenantId, lead.merged_into)
      .first<LeadRow>();
  return lead ?? null;
}

/**
 * What LeadTrail stored about one visitor: its newest raw events and its lead. Development material like
 * the example pages, so only tenants with `serve_examples = true` have it; every query is tenant-scoped.
 */
demoRoute.get('/visitor', async (c) => {
  const tenant = c.get('tenant');
  if (!tenant.serve_examples) throw new AppError('not_found', `no route for ${c.req.method} ${c.req.path}`);
  const trackingId = visitorId(c.req.query('tracking_id'), getCookie(c, '_lt_id'));
  const db = c.env.DB;
  const events = await db
    .prepare(
      'SELECT event_id, type, name, ts, received_at, bot, payload FROM raw_events WHERE tenant_id = ? AND tracking_id = ? ORDER BY ts DESC, event_id LIMIT ?',
    )
    .bind(tenant.id, trackingId, DEMO_EVENT_LIMIT)
    .all<RawEventRow>();
  const lead = await readLead(db, tenant.id, trackingId);
  const touches = lead
    ? await db
        .prepare(
          'SELECT tracking_id, ts, channel, utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_id, click_ids, referrer, landing_url FROM touches WHERE tenant_id = ? AND lead_id = ? ORDER BY ts',
        )
        .bind(tenant.id, lead.id)
        .all<TouchRow>()
    : undefined;
  c.header('Cache-Control', 'no-store');
  return c.json({
    tracking_id: trackingId,
    events: events.results.map(({ payload, bot, ...row }) => ({ ...row, bot: bot === 1, ...(json(payload) as object) })),
    lead: lead && {
      id: lead.id,
      email: lead.email,
      phone: lead.phone,
      name: lead.name,
      traits: json(lead.traits),
      first_touch: json(lead.first_touch),
      last_touch: json(lead.last_touch),
      first_seen: lead.first_seen,
      last_seen: lead.last_seen,
      touches: (touches?.results ?? []).map(({ click_ids, ...touch }) => ({ ...touch, click_ids: json(click_ids) })),
    },
  });
});
