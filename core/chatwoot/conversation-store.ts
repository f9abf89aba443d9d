/**
 * D1 side of the Chatwoot webhook: conversation → lead through chatwoot_links, and the one transaction that
 * stores a delivery and its conversation event. Every query is scoped by tenant.
 */
import { and, eq, notExists, or, sql } from 'drizzle-orm';
import type { Database } from '../db';
import { chatwootLinks, conversationEvents, inboundWebhooks, leads } from '../schema';
import type { ConversationEventInput } from './webhook-event';

/**
 * The lead whose conversation this is in the tenant's Chatwoot account, or null (not one of ours). A link still
 * on a lead absorbed by a merge answers the survivor, so the chat stays with the person.
 */
export async function leadOfConversation(
  db: Database,
  tenantId: string,
  accountId: number,
  conversationId: number,
): Promise<string | null> {
  const [link] = await db
    .select({ leadId: chatwootLinks.leadId, mergedInto: leads.mergedInto })
    .from(chatwootLinks)
    .leftJoin(leads, and(eq(leads.tenantId, chatwootLinks.tenantId), eq(leads.id, chatwootLinks.leadId)))
    .where(
      and(eq(chatwootLinks.tenantId, tenantId), eq(chatwootLinks.accountId, accountId), eq(chatwootLinks.conversationId, conversationId)),
    )
    .limit(1);
  return link ? (link.mergedInto ?? link.leadId) : null;
}

/** A lead's conversation in the tenant's account (for links in notifications, the widget's chat), or null. */
export async function conversationOfLead(db: Database, tenantId: string, leadId: string, accountId: number): Promise<number | null> {
  const [link] = await db
    .select({ conversationId: chatwootLinks.conversationId })
    .from(chatwootLinks)
    .where(and(eq(chatwootLinks.tenantId, tenantId), eq(chatwootLinks.leadId, leadId), eq(chatwootLinks.accountId, accountId)))
    .limit(1);
  return link?.conversationId ?? null;
}

export interface InboundDelivery {
  tenantId: string;
  leadId: string;
  accountId: number;
  conversationId: number;
  deliveryId: string;
  event: string;
  signature: string;
  receivedAt: number;
  row: ConversationEventInput;
}

/**
 * One transaction: the event is inserted only if neither this delivery id nor this signature was seen (and a
 * Chatwoot message only once per account), then the delivery is recorded. A delivery already recorded →
 * `duplicate`, nothing written. Doing both in one batch means a failure half-way cannot leave a delivery
 * marked as seen while its event is missing (Chatwoot's retry would then be answered as a duplicate).
 */
export async function storeInboundDelivery(db: Database, delivery: InboundDelivery): Promise<'stored' | 'duplicate'> {
  const { tenantId, row } = delivery;
  const seen = db
    .select({ one: sql`1` })
    .from(inboundWebhooks)
    .where(
      and(
        eq(inboundWebhooks.tenantId, tenantId),
        eq(inboundWebhooks.source, 'chatwoot'),
        or(eq(inboundWebhooks.deliveryId, delivery.deliveryId), eq(inboundWebhooks.signature, delivery.signature)),
      ),
    );
  // INSERT … SELECT from the link itself: the row exists only while the conversation is linked in this tenant.
  // The select lists every column in table order (drizzle's rule for insert-select); NULL lets SQLite number the id.
  const event = db
    .select({
      id: sql<number>`NULL`.as('id'),
      tenantId: chatwootLinks.tenantId,
      leadId: sql<string>`${delivery.leadId}`.as('lead_id'),
      accountId: chatwootLinks.accountId,
      conversationId: chatwootLinks.conversationId,
      kind: sql<ConversationEventInput['kind']>`${row.kind}`.as('kind'),
      direction: sql<ConversationEventInput['direction']>`${row.direction}`.as('direction'),
      messageId: sql<number | null>`${row.messageId}`.as('message_id'),
      senderType: sql<string | null>`${row.senderType}`.as('sender_type'),
      senderName: sql<string | null>`${row.senderName}`.as('sender_name'),
      content: sql<string | null>`${row.content}`.as('content'),
      status: sql<string | null>`${row.status}`.as('status'),
      deliveryId: sql<string>`${delivery.deliveryId}`.as('delivery_id'),
      at: sql<number>`${row.at}`.as('at'),
      createdAt: sql<number>`${delivery.receivedAt}`.as('created_at'),
    })
    .from(chatwootLinks)
    .where(
      and(
        eq(chatwootLinks.tenantId, tenantId),
        eq(chatwootLinks.accountId, delivery.accountId),
        eq(chatwootLinks.conversationId, delivery.conversationId),
        notExists(seen),
      ),
    );
  const [, recorded] = await db.batch([
    db.insert(conversationEvents).select(event).onConflictDoNothing(),
    db
      .insert(inboundWebhooks)
      .values({
        tenantId,
        source: 'chatwoot',
        deliveryId: delivery.deliveryId,
        event: delivery.event,
        signature: delivery.signature,
        receivedAt: delivery.receivedAt,
      })
      .onConflictDoNothing()
      .returning({ deliveryId: inboundWebhooks.deliveryId }),
  ]);
  return recorded.length === 1 ? 'stored' : 'duplicate';
}
