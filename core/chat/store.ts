/**
 * D1 side of the widget's chat: accepting what the visitor typed (once per client id), and reading a visitor's
 * conversation back — their own messages and the agent's replies since their claim began. Every query is scoped
 * by tenant, and by the token's tracking id or the lead it belongs to.
 */
import { and, asc, desc, eq, gt, gte, or } from 'drizzle-orm';
import type { Database } from '../db';
import { chatMessages, conversationEvents, leadAliases, leads } from '../schema';
import type { ChatClaim } from './token';

/** Visitor text is bounded like a chat message, not like a document (Chatwoot itself allows more). */
export const CHAT_TEXT_MAX = 2000;
/** What a history read returns at most, per side. */
export const CHAT_HISTORY_MAX = 100;
/** A merge chain longer than this is a data bug (worker-queue/destinations/snapshot.ts agrees). */
const MAX_MERGE_HOPS = 5;

/** One line of the chat as the widget shows it (GET /v1/chat/messages, the live socket). */
export type ChatItem =
  | { from: 'visitor'; client_id: string; text: string; at: number; status: 'queued' | 'sent' }
  | { from: 'agent'; id: number; text: string; name: string | null; at: number };

export interface Accepted {
  duplicate: boolean;
  status: 'queued' | 'sent';
  at: number;
}

/** Inserted once per (tenant, tracking id, client id); a repeat answers what the first one became. */
export async function acceptMessage(
  db: Database,
  input: { tenant: string; trackingId: string; clientId: string; text: string; now: number },
): Promise<Accepted> {
  const key = and(
    eq(chatMessages.tenantId, input.tenant),
    eq(chatMessages.trackingId, input.trackingId),
    eq(chatMessages.clientId, input.clientId),
  );
  const [inserted] = await db
    .insert(chatMessages)
    .values({ tenantId: input.tenant, trackingId: input.trackingId, clientId: input.clientId, text: input.text, createdAt: input.now })
    .onConflictDoNothing()
    .returning({ at: chatMessages.createdAt });
  if (inserted) return { duplicate: false, status: 'queued', at: inserted.at };
  const [existing] = await db.select({ status: chatMessages.status, at: chatMessages.createdAt }).from(chatMessages).where(key).limit(1);
  if (!existing) throw new Error('chat message neither inserted nor found');
  return { duplicate: true, status: existing.status, at: existing.at };
}

/** The lead a tracking id belongs to now (following merges), or null while the ingest has not stored it yet. */
export async function leadOfTrackingId(db: Database, tenant: string, trackingId: string): Promise<string | null> {
  const [alias] = await db
    .select({ leadId: leadAliases.leadId })
    .from(leadAliases)
    .where(and(eq(leadAliases.tenantId, tenant), eq(leadAliases.trackingId, trackingId)))
    .limit(1);
  let id = alias?.leadId ?? null;
  for (let hop = 0; id !== null && hop <= MAX_MERGE_HOPS; hop++) {
    const [row] = await db
      .select({ mergedInto: leads.mergedInto })
      .from(leads)
      .where(and(eq(leads.tenantId, tenant), eq(leads.id, id)))
      .limit(1);
    if (!row) return null;
    if (!row.mergedInto || row.mergedInto === id) return id;
    id = row.mergedInto;
  }
  return null;
}

async function visitorMessages(db: Database, claim: ChatClaim): Promise<ChatItem[]> {
  const rows = await db
    .select({ clientId: chatMessages.clientId, text: chatMessages.text, at: chatMessages.createdAt, status: chatMessages.status })
    .from(chatMessages)
    .where(
      and(eq(chatMessages.tenantId, claim.tenant), eq(chatMessages.trackingId, claim.trackingId), gte(chatMessages.createdAt, claim.since)),
    )
    .orderBy(desc(chatMessages.createdAt))
    .limit(CHAT_HISTORY_MAX);
  return rows.map((row) => ({ from: 'visitor', client_id: row.clientId, text: row.text, at: row.at, status: row.status }));
}

/** Agent replies on the lead (and on leads merged into it) stored after `after` and since the claim began. */
async function agentReplies(db: Database, claim: ChatClaim, leadId: string, after: number): Promise<ChatItem[]> {
  const rows = await db
    .select({ id: conversationEvents.id, text: conversationEvents.content, name: conversationEvents.senderName, at: conversationEvents.at })
    .from(conversationEvents)
    .leftJoin(leads, and(eq(leads.tenantId, conversationEvents.tenantId), eq(leads.id, conversationEvents.leadId)))
    .where(
      and(
        eq(conversationEvents.tenantId, claim.tenant),
        or(eq(conversationEvents.leadId, leadId), eq(leads.mergedInto, leadId)),
        eq(conversationEvents.kind, 'message'),
        gt(conversationEvents.id, after),
        gte(conversationEvents.createdAt, claim.since),
      ),
    )
    .orderBy(asc(conversationEvents.id))
    .limit(CHAT_HISTORY_MAX);
  return rows.map((row) => ({ from: 'agent', id: row.id, text: row.text ?? '', name: row.name, at: row.at }));
}

/**
 * The visitor's conversation for the widget: with `after` = 0 their own messages and the replies (a restore
 * after a reload); with a cursor only the replies after it (catching up after a reconnect).
 */
export async function chatHistory(db: Database, claim: ChatClaim, after: number): Promise<{ messages: ChatItem[]; cursor: number }> {
  const leadId = await leadOfTrackingId(db, claim.tenant, claim.trackingId);
  const [own, replies] = await Promise.all([
    after === 0 ? visitorMessages(db, claim) : Promise.resolve([]),
    leadId === null ? Promise.resolve([]) : agentReplies(db, claim, leadId, after),
  ]);
  const cursor = replies.reduce((max, item) => (item.from === 'agent' ? Math.max(max, item.id) : max), after);
  return { messages: [...own, ...replies].sort((a, b) => a.at - b.at), cursor };
}

/** The tracking ids whose widgets show this lead's replies (every alias; a merge moves them to the survivor). */
export async function trackingIdsOfLead(db: Database, tenant: string, leadId: string): Promise<string[]> {
  const rows = await db
    .select({ trackingId: leadAliases.trackingId })
    .from(leadAliases)
    .where(and(eq(leadAliases.tenantId, tenant), eq(leadAliases.leadId, leadId)))
    .limit(50);
  return rows.map((row) => row.trackingId);
}

/** A stored agent reply as the widget shows it, with when it was stored (the socket filters on `since`). */
export async function storedReply(
  db: Database,
  tenant: string,
  deliveryId: string,
): Promise<{ item: ChatItem; leadId: string; createdAt: number } | null> {
  const [row] = await db
    .select()
    .from(conversationEvents)
    .where(
      and(eq(conversationEvents.tenantId, tenant), eq(conversationEvents.deliveryId, deliveryId), eq(conversationEvents.kind, 'message')),
    )
    .limit(1);
  if (!row) return null;
  return {
    item: { from: 'agent', id: row.id, text: row.content ?? '', name: row.senderName, at: row.at },
    leadId: row.leadId,
    createdAt: row.createdAt,
  };
}
