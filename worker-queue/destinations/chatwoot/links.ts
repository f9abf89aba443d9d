/**
 * chatwoot_links: a lead's contact, contact inbox and conversation in the tenant's account. Saved step by step as
 * each record is created, so a retry resumes instead of creating a second one. After a merge the survivor may
 * have no row while an absorbed lead has one: that row is re-pointed at the survivor (the conversation stays one).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../../core/db';
import { chatwootLinks, leads } from '../../../core/schema';

export interface ChatwootLink {
  contactId: number | null;
  sourceId: string | null;
  inboxId: number | null;
  conversationId: number | null;
}

type LinkRow = typeof chatwootLinks.$inferSelect;

function linkOf(row: LinkRow): ChatwootLink {
  return { contactId: row.contactId, sourceId: row.sourceId, inboxId: row.inboxId, conversationId: row.conversationId };
}

export async function findLink(db: Database, tenantId: string, leadId: string, accountId: number): Promise<ChatwootLink | null> {
  const [own] = await db
    .select()
    .from(chatwootLinks)
    .where(and(eq(chatwootLinks.tenantId, tenantId), eq(chatwootLinks.leadId, leadId)))
    .limit(1);
  if (own) return own.accountId === accountId ? linkOf(own) : null;
  const absorbed = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), eq(leads.mergedInto, leadId)))
    .limit(50);
  if (absorbed.length === 0) return null;
  const [inherited] = await db
    .select()
    .from(chatwootLinks)
    .where(
      and(
        eq(chatwootLinks.tenantId, tenantId),
        eq(chatwootLinks.accountId, accountId),
        inArray(
          chatwootLinks.leadId,
          absorbed.map((row) => row.id),
        ),
      ),
    )
    .orderBy(asc(chatwootLinks.createdAt))
    .limit(1);
  if (!inherited) return null;
  await db
    .update(chatwootLinks)
    .set({ leadId, updatedAt: Date.now() })
    .where(and(eq(chatwootLinks.tenantId, tenantId), eq(chatwootLinks.leadId, inherited.leadId)));
  return linkOf(inherited);
}

/** Upserts the lead's row with the ids known so far (a changed account starts the row over). */
export async function saveLink(
  db: Database,
  tenantId: string,
  leadId: string,
  accountId: number,
  link: ChatwootLink,
  now: number,
): Promise<void> {
  await db
    .insert(chatwootLinks)
    .values({ tenantId, leadId, accountId, ...link, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [chatwootLinks.tenantId, chatwootLinks.leadId],
      set: { accountId, ...link, updatedAt: now },
    });
}
