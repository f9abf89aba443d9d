/**
 * chat_messages from the consumer's side: read one, lease it (so two deliveries of one message never post at
 * once), mark it sent with where it went, or release it with the error. Every statement is scoped by the row's key.
 */
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../../core/db';
import { chatMessages, leads } from '../../core/schema';

export interface ChatKey {
  tenant: string;
  trackingId: string;
  clientId: string;
}

/** Long enough for one Chatwoot call at the delivery timeout, with room to record the outcome. */
const LEASE_MS = 60_000;

function where(key: ChatKey) {
  return and(eq(chatMessages.tenantId, key.tenant), eq(chatMessages.trackingId, key.trackingId), eq(chatMessages.clientId, key.clientId));
}

export async function readChatMessage(db: Database, key: ChatKey) {
  const [row] = await db.select().from(chatMessages).where(where(key)).limit(1);
  return row ?? null;
}

export async function leaseChatMessage(db: Database, key: ChatKey, now: number): Promise<boolean> {
  const leased = await db
    .update(chatMessages)
    .set({ claimedUntil: now + LEASE_MS, attempts: sqlIncrement() })
    .where(and(where(key), eq(chatMessages.status, 'queued'), or(isNull(chatMessages.claimedUntil), lt(chatMessages.claimedUntil, now))))
    .returning({ clientId: chatMessages.clientId });
  return leased.length === 1;
}

export async function markSent(
  db: Database,
  key: ChatKey,
  sent: { leadId: string; conversationId: number; remoteMessageId: number | null; now: number },
): Promise<void> {
  await db
    .update(chatMessages)
    .set({
      status: 'sent',
      leadId: sent.leadId,
      conversationId: sent.conversationId,
      remoteMessageId: sent.remoteMessageId,
      sentAt: sent.now,
      claimedUntil: null,
      lastError: null,
    })
    .where(where(key));
}

export async function releaseChatMessage(db: Database, key: ChatKey, error: string): Promise<void> {
  await db
    .update(chatMessages)
    .set({ claimedUntil: null, lastError: error.slice(0, 1000) })
    .where(where(key));
}

export async function leadVersion(db: Database, tenant: string, leadId: string): Promise<number> {
  const [row] = await db
    .select({ version: leads.version })
    .from(leads)
    .where(and(eq(leads.tenantId, tenant), eq(leads.id, leadId)))
    .limit(1);
  return row?.version ?? 0;
}

function sqlIncrement() {
  return sql`${chatMessages.attempts} + 1`;
}
