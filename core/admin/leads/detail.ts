/**
 * One lead as the console shows it (GET /v1/admin/leads/{id}): its summary with traits, answers and score
 * breakdown, a timeline newest first (events, touches, answers, score items, stage changes, deliveries and dead
 * letters, Chatwoot conversation), the ledger rows with the provider's answer, and its ids in Chatwoot and the CRMs.
 * Each part is bounded (TIMELINE_LIMITS); `truncated` names the parts that had more.
 */
import type { Database } from '../../db';
import type { LeadAnswer, ScoreItem } from '../../scoring/types';
import { type LeadSummary, iso, leadSummaryOf } from './summary';
import { type DeadLetterView, deadLetterView } from '../dead-letters';
import { type DeliveryView, deliveryView } from '../deliveries';
import { type ClaimRow, type EventRow, TIMELINE_LIMITS, type TimelineRows, liveLeadId, readTimelineRows } from './timeline-rows';

export type TimelineKind = 'event' | 'touch' | 'answer' | 'score' | 'stage_change' | 'delivery' | 'conversation';

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  summary: string;
  data: Record<string, unknown>;
}

/** The timeline shows the same views as GET /v1/admin/deliveries and /dead-letters. */
export type Delivery = DeliveryView;
export type DeadLetter = DeadLetterView;

export interface LeadDetail {
  lead: LeadSummary & { traits: Record<string, unknown>; answers: LeadAnswer[]; score_breakdown: ScoreItem[] };
  timeline: TimelineEntry[];
  deliveries: Delivery[];
  dead_letters: DeadLetter[];
  links: {
    chatwoot: { account_id: number; contact_id: number | null; conversation_id: number | null; inbox_id: number | null } | null;
    crm: { destination: string; target: number; remote_ids: Record<string, unknown> }[];
  };
  limits: typeof TIMELINE_LIMITS;
  truncated: string[];
}

function parseJson<T>(text: string | null, fallback: T): T {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return value === null || value === undefined ? fallback : (value as T);
  } catch {
    return fallback;
  }
}

function objectOf(text: string | null): Record<string, unknown> {
  const value = parseJson<unknown>(text, {});
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function eventEntry(row: EventRow): TimelineEntry {
  const payload = objectOf(row.payload);
  const event = objectOf(JSON.stringify(payload.event ?? {}));
  const request = objectOf(JSON.stringify(payload.request ?? {}));
  const url = typeof event.url === 'string' ? event.url : null;
  const label = row.name ? `${row.type} ${row.name}` : row.type;
  return {
    at: iso(row.ts),
    kind: 'event',
    summary: url && row.type === 'page_view' ? `${label} ${url}` : label,
    data: {
      event_id: row.event_id,
      type: row.type,
      name: row.name,
      tracking_id: row.tracking_id,
      session_id: row.session_id,
      bot: row.bot === 1,
      url,
      props: event.props ?? null,
      traits: event.traits ?? null,
      country: request.country ?? null,
      device: request.device ?? null,
      browser: request.browser ?? null,
    },
  };
}

function crmLinks(claims: ClaimRow[]): LeadDetail['links']['crm'] {
  const seen = new Set<string>();
  const links: LeadDetail['links']['crm'] = [];
  for (const claim of claims) {
    const key = `${claim.destination}\u0000${claim.target}`;
    const remote = objectOf(claim.remote_ids);
    if (claim.destination === 'chatwoot' || seen.has(key) || Object.keys(remote).length === 0) continue;
    seen.add(key);
    links.push({ destination: claim.destination, target: claim.target, remote_ids: remote });
  }
  return links;
}

function bounded<T>(rows: T[], limit: number, part: string, truncated: string[]): T[] {
  if (rows.length <= limit) return rows;
  truncated.push(part);
  return rows.slice(0, limit);
}

function timelineOf(rows: TimelineRows, truncated: string[]) {
  const limits = TIMELINE_LIMITS;
  const events = bounded(rows.events, limits.events, 'events', truncated);
  const deliveries = bounded(rows.deliveries, limits.deliveries, 'deliveries', truncated).map(deliveryView);
  const deadLetters = bounded(rows.deadLetters, limits.dead_letters, 'dead_letters', truncated).map(deadLetterView);
  const answers = parseJson<LeadAnswer[]>(rows.lead.answers, []);
  const breakdown = parseJson<ScoreItem[]>(rows.lead.score_breakdown, []);
  const eventTime = new Map(rows.events.map((event) => [event.event_id, event.ts]));
  const entries: TimelineEntry[] = [
    ...events.map(eventEntry),
    ...bounded(rows.touches, limits.touches, 'touches', truncated).map((touch) => ({
      at: iso(touch.ts),
      kind: 'touch' as const,
      summary: [touch.channel, touch.utm_source, touch.utm_medium, touch.utm_campaign].filter((part) => part).join(' · '),
      data: { ...touch, click_ids: objectOf(touch.click_ids) },
    })),
    ...answers.map((answer) => ({
      at: iso(answer.at),
      kind: 'answer' as const,
      summary: `${answer.question_id} = ${answer.value} (+${answer.points})`,
      data: { ...answer },
    })),
    ...breakdown.map((item) => ({
      at: iso(eventTime.get(item.event_id) ?? rows.lead.updated_at),
      kind: 'score' as const,
      summary: `${item.points >= 0 ? '+' : ''}${item.points} ${item.rule}`,
      data: { ...item },
    })),
    ...bounded(rows.changes, limits.stage_changes, 'stage_changes', truncated).map((change) => ({
      at: iso(change.at),
      kind: 'stage_change' as const,
      summary: `${change.from_stage ?? '—'} → ${change.to_stage ?? '—'} (score ${change.score ?? '—'})`,
      data: { from: change.from_stage, to: change.to_stage, score: change.score },
    })),
    ...deliveries.map((delivery) => ({
      at: delivery.created_at,
      kind: 'delivery' as const,
      summary: `${delivery.destination}${delivery.target ? ` #${delivery.target}` : ''} delivered${delivery.replay_of ? ' (replay)' : ''}`,
      data: { ...delivery },
    })),
    ...deadLetters.map((letter) => ({
      at: letter.created_at,
      kind: 'delivery' as const,
      summary: `${letter.destination ?? letter.queue} failed: ${letter.error ?? 'unknown error'}`,
      data: { ...letter },
    })),
    ...bounded(rows.conversation, limits.conversation, 'conversation', truncated).map((row) => ({
      at: iso(row.at),
      kind: 'conversation' as const,
      summary: row.kind === 'status' ? `conversation ${row.status ?? ''}`.trim() : `${row.sender_name ?? 'agent'}: ${row.content ?? ''}`,
      data: { ...row },
    })),
  ];
  entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { entries, deliveries, deadLetters, answers, breakdown };
}

/** The lead's detail, or null when the tenant has no such lead (another tenant's id included). */
export async function leadDetail(db: Database, tenantId: string, requestedId: string): Promise<LeadDetail | null> {
  const leadId = await liveLeadId(db, tenantId, requestedId);
  if (leadId === null) return null;
  const rows = await readTimelineRows(db, tenantId, leadId);
  if (rows === null) return null;
  const truncated: string[] = [];
  const { entries, deliveries, deadLetters, answers, breakdown } = timelineOf(rows, truncated);
  const [link] = rows.links;
  return {
    lead: { ...leadSummaryOf(rows.lead), traits: objectOf(rows.lead.traits), answers, score_breakdown: breakdown },
    timeline: entries,
    deliveries,
    dead_letters: deadLetters,
    links: {
      chatwoot: link
        ? { account_id: link.account_id, contact_id: link.contact_id, conversation_id: link.conversation_id, inbox_id: link.inbox_id }
        : null,
      crm: crmLinks(rows.claims),
    },
    limits: TIMELINE_LIMITS,
    truncated,
  };
}
