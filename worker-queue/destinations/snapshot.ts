/**
 * Builds the lead snapshot (core/lead-snapshot.ts) from D1 with a fixed number of bounded queries: the lead
 * (following merges to the survivor), its aliases, its newest touches and the latest country seen.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../core/db';
import type { Touch } from '../../core/events';
import type { LeadSnapshot } from '../../core/lead-snapshot';
import { leadAliases, leads, rawEvents, touches } from '../../core/schema';
import type { LeadAnswer, ScoreItem } from '../../core/scoring/types';
import { parseTouch } from '../../core/touch';

/** A merge chain longer than this is a data bug; stop instead of looping. */
const MAX_MERGE_HOPS = 5;
const MAX_TOUCHES = 50;
/** Bounded so the country query stays under D1's 100 bound parameters. */
const MAX_ALIASES = 50;

type LeadRow = typeof leads.$inferSelect;

async function survivor(db: Database, tenantId: string, leadId: string): Promise<LeadRow | null> {
  let id = leadId;
  for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
    const [row] = await db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)))
      .limit(1);
    if (!row) return null;
    if (!row.mergedInto || row.mergedInto === row.id) return row;
    id = row.mergedInto;
  }
  return null;
}

function parseArray<T>(json: string): T[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

function parseTraits(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function parseClickIds(json: string): Record<string, string> {
  return parseTraits(json);
}

type TouchRow = typeof touches.$inferSelect;

function touchOf(row: TouchRow): Touch {
  return {
    ts: row.ts,
    channel: row.channel,
    utm_source: row.utmSource,
    utm_medium: row.utmMedium,
    utm_campaign: row.utmCampaign,
    utm_term: row.utmTerm,
    utm_content: row.utmContent,
    utm_id: row.utmId,
    click_ids: parseClickIds(row.clickIds),
    referrer: row.referrer,
    landing_url: row.landingUrl,
  };
}

/** The surviving lead's id after merges; null when the lead does not exist in this tenant. */
export async function survivorId(db: Database, tenantId: string, leadId: string): Promise<string | null> {
  return (await survivor(db, tenantId, leadId))?.id ?? null;
}

/** Null when the lead does not exist in this tenant (deleted, or never stored). */
export async function loadLeadSnapshot(db: Database, tenantId: string, leadId: string): Promise<LeadSnapshot | null> {
  const lead = await survivor(db, tenantId, leadId);
  if (!lead) return null;
  const [aliasRows, touchRows] = await Promise.all([
    db
      .select({ trackingId: leadAliases.trackingId })
      .from(leadAliases)
      .where(and(eq(leadAliases.tenantId, tenantId), eq(leadAliases.leadId, lead.id)))
      .orderBy(asc(leadAliases.createdAt), asc(leadAliases.trackingId))
      .limit(MAX_ALIASES),
    db
      .select()
      .from(touches)
      .where(and(eq(touches.tenantId, tenantId), eq(touches.leadId, lead.id)))
      .orderBy(desc(touches.ts))
      .limit(MAX_TOUCHES),
  ]);
  const trackingIds = aliasRows.map((row) => row.trackingId);
  const [country, variant] = await Promise.all([latestCountry(db, tenantId, trackingIds), latestVariant(db, tenantId, trackingIds)]);
  const history = touchRows.reverse().map(touchOf);
  const firstTouch = parseTouch(lead.firstTouch);
  const lastTouch = parseTouch(lead.lastTouch);
  return {
    v: 1,
    id: lead.id,
    tenant_id: tenantId,
    version: lead.version,
    tracking_id: trackingIds[0] ?? lead.id,
    tracking_ids: trackingIds,
    email: lead.email,
    phone: lead.phone,
    name: lead.name,
    traits: parseTraits(lead.traits),
    score: lead.score,
    stage: lead.stage,
    score_breakdown: parseArray<ScoreItem>(lead.scoreBreakdown),
    answers: parseArray<LeadAnswer>(lead.answers),
    first_touch: firstTouch,
    last_touch: lastTouch,
    touches: history,
    channel: lastTouch?.channel ?? firstTouch?.channel ?? 'direct',
    country,
    variant,
    first_seen: lead.firstSeen,
    last_seen: lead.lastSeen,
    updated_at: lead.updatedAt,
  };
}

/**
 * The widget's A/B variant the visitor saw most recently: every widget event carries it as `props.variant`
 * (widget/src/app.tsx), so the conversation can say which greeting and wording the lead answered.
 */
async function latestVariant(db: Database, tenantId: string, trackingIds: string[]): Promise<string | null> {
  if (trackingIds.length === 0) return null;
  const variant = sql<string | null>`json_extract(${rawEvents.payload}, '$.event.props.variant')`;
  const [row] = await db
    .select({ variant })
    .from(rawEvents)
    .where(
      and(eq(rawEvents.tenantId, tenantId), inArray(rawEvents.trackingId, trackingIds), eq(rawEvents.type, 'track'), isNotNull(variant)),
    )
    .orderBy(desc(rawEvents.ts))
    .limit(1);
  return typeof row?.variant === 'string' ? row.variant.slice(0, 64) : null;
}

async function latestCountry(db: Database, tenantId: string, trackingIds: string[]): Promise<string | null> {
  if (trackingIds.length === 0) return null;
  const country = sql<string | null>`json_extract(${rawEvents.payload}, '$.request.country')`;
  const [row] = await db
    .select({ country })
    .from(rawEvents)
    .where(and(eq(rawEvents.tenantId, tenantId), inArray(rawEvents.trackingId, trackingIds), isNotNull(country)))
    .orderBy(desc(rawEvents.ts))
    .limit(1);
  return row?.country ?? null;
}
