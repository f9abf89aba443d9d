/**
 * The reads behind one lead's timeline (GET /v1/admin/leads/{id}), each bounded and scoped by tenant. "The person"
 * is the live lead plus every lead merged into it: their tracking ids, events, touches, ledger rows and dead letters.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../db';
import type { LeadSummaryRow } from './summary';
import { SUMMARY_COLUMNS } from './list';
import type { DeadLetterSource } from '../dead-letters';
import type { DeliverySource } from '../deliveries';

/** How much of each part the timeline shows (newest first); `truncated` says when there was more. */
export const TIMELINE_LIMITS = { events: 500, touches: 200, stage_changes: 200, deliveries: 200, dead_letters: 100, conversation: 200 };

export interface DetailLeadRow extends LeadSummaryRow {
  traits: string;
  answers: string;
  score_breakdown: string;
  updated_at: number;
}

export interface EventRow {
  event_id: string;
  type: string;
  name: string | null;
  tracking_id: string;
  session_id: string;
  ts: number;
  bot: number;
  payload: string;
}

export interface TouchRow {
  tracking_id: string;
  ts: number;
  channel: string;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  referrer: string | null;
  landing_url: string | null;
  click_ids: string;
}

export interface ChangeRow {
  id: string;
  from_stage: string | null;
  to_stage: string | null;
  score: number | null;
  at: number;
}

export interface ConversationRow {
  id: number;
  kind: string;
  direction: string | null;
  sender_type: string | null;
  sender_name: string | null;
  content: string | null;
  status: string | null;
  conversation_id: number;
  at: number;
}

export interface LinkRow {
  lead_id: string;
  account_id: number;
  contact_id: number | null;
  inbox_id: number | null;
  conversation_id: number | null;
}

export interface ClaimRow {
  destination: string;
  target: number;
  lead_id: string;
  remote_ids: string;
}

export interface TimelineRows {
  lead: DetailLeadRow;
  events: EventRow[];
  touches: TouchRow[];
  changes: ChangeRow[];
  deliveries: DeliverySource[];
  deadLetters: DeadLetterSource[];
  conversation: ConversationRow[];
  links: LinkRow[];
  claims: ClaimRow[];
}

/** The live lead an id names (an absorbed lead's id answers its survivor), or null. */
export async function liveLeadId(db: Database, tenantId: string, leadId: string): Promise<string | null> {
  const [row] = await db.all<{ id: string }>(
    sql`SELECT coalesce(merged_into, id) AS id FROM leads WHERE tenant_id = ${tenantId} AND id = ${leadId}`,
  );
  return row?.id ?? null;
}

/** The person's lead ids: the live lead and every lead merged into it. */
function personLeads(tenantId: string, leadId: string): SQL {
  return sql`(SELECT id FROM leads WHERE tenant_id = ${tenantId} AND (id = ${leadId} OR merged_into = ${leadId}))`;
}

export async function readTimelineRows(db: Database, tenantId: string, leadId: string): Promise<TimelineRows | null> {
  const ids = personLeads(tenantId, leadId);
  const aliases = sql`(SELECT tracking_id FROM lead_aliases WHERE tenant_id = ${tenantId} AND lead_id IN ${ids})`;
  const limit = TIMELINE_LIMITS;
  const [leads, events, touches, changes, deliveries, deadLetters, conversation, links, claims] = await Promise.all([
    db.all<DetailLeadRow>(sql`SELECT ${SUMMARY_COLUMNS}, l.traits, l.answers, l.score_breakdown, l.updated_at
      FROM leads l WHERE l.tenant_id = ${tenantId} AND l.id = ${leadId} AND l.merged_into IS NULL`),
    db.all<EventRow>(sql`SELECT event_id, type, name, tracking_id, session_id, ts, bot, payload FROM raw_events
      WHERE tenant_id = ${tenantId} AND tracking_id IN ${aliases} ORDER BY ts DESC, event_id DESC LIMIT ${limit.events + 1}`),
    db.all<TouchRow>(sql`SELECT tracking_id, ts, channel, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer,
      landing_url, click_ids FROM touches WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY ts DESC LIMIT ${limit.touches + 1}`),
    db.all<ChangeRow>(sql`SELECT id, from_stage, to_stage, score, at FROM lead_changes
      WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY at DESC LIMIT ${limit.stage_changes + 1}`),
    // Named as core/admin/deliveries.ts and dead-letters.ts name them, so the timeline shows the same views.
    db.all<DeliverySource>(sql`SELECT d.id, d.destination, d.target, d.lead_id AS leadId, d.status, d.replay_of AS replayOf, d.at,
      d.lead_version AS leadVersion, d.attempts, d.remote_id AS remoteId, d.provider_status AS providerStatus,
      d.provider_body AS providerBody, d.provider_calls AS providerCalls, c.remote_ids AS remoteIds
      FROM deliveries d LEFT JOIN delivery_claims c ON c.tenant_id = d.tenant_id AND c.destination = d.destination
        AND c.target = d.target AND c.lead_id = d.lead_id
      WHERE d.tenant_id = ${tenantId} AND d.lead_id IN ${ids} ORDER BY d.at DESC LIMIT ${limit.deliveries + 1}`),
    db.all<DeadLetterSource>(sql`SELECT id, queue, destination, target, lead_id AS leadId, error, status,
      provider_body AS providerBody, created_at AS createdAt, replayed_at AS replayedAt, attempts
      FROM dead_letters WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY created_at DESC LIMIT ${limit.dead_letters + 1}`),
    db.all<ConversationRow>(sql`SELECT id, kind, direction, sender_type, sender_name, content, status, conversation_id, at
      FROM conversation_events WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY id DESC LIMIT ${limit.conversation + 1}`),
    db.all<LinkRow>(sql`SELECT lead_id, account_id, contact_id, inbox_id, conversation_id FROM chatwoot_links
      WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY (lead_id = ${leadId}) DESC, created_at`),
    db.all<ClaimRow>(sql`SELECT destination, target, lead_id, remote_ids FROM delivery_claims
      WHERE tenant_id = ${tenantId} AND lead_id IN ${ids} ORDER BY destination, target, (lead_id = ${leadId}) DESC`),
  ]);
  const [lead] = leads;
  if (!lead) return null;
  return { lead, events, touches, changes, deliveries, deadLetters, conversation, links, claims };
}
