/**
 * Who may chat as a tracking id (chat_claims). A tracking id is no secret — it travels in form fields, cross-domain
 * links, Chatwoot's contact identifier and CRM records — so knowing one must not open its conversation. The first
 * browser to ask claims the chat (trust on first use) for CHAT_TOKEN_TTL_MS; while that claim lives, a new token is
 * issued only to whoever presents a live token of it (renewal). An expired claim can be taken again, and the new
 * holder starts with an empty history (`since`), so a late claimer never reads what came before.
 */
import { and, eq, sql } from 'drizzle-orm';
import { nanoid } from 'nanoid';
import type { Database } from '../db';
import { chatClaims } from '../schema';
import { CHAT_TOKEN_TTL_MS, type ChatClaim } from './token';

export type ClaimResult = { ok: true; claim: ChatClaim } | { ok: false; reason: 'held' };

async function renew(db: Database, presented: ChatClaim, now: number): Promise<ChatClaim | null> {
  const expiresAt = now + CHAT_TOKEN_TTL_MS;
  const [row] = await db
    .update(chatClaims)
    .set({ expiresAt, updatedAt: now })
    .where(
      and(
        eq(chatClaims.tenantId, presented.tenant),
        eq(chatClaims.trackingId, presented.trackingId),
        eq(chatClaims.nonce, presented.nonce),
      ),
    )
    .returning({ since: chatClaims.since });
  return row ? { ...presented, since: row.since, expiresAt } : null;
}

/** One statement: inserted, or taken over only when the existing claim has expired. */
async function claim(db: Database, tenant: string, trackingId: string, now: number): Promise<ChatClaim | null> {
  const fresh = { nonce: nanoid(24), since: now, expiresAt: now + CHAT_TOKEN_TTL_MS };
  const [row] = await db
    .insert(chatClaims)
    .values({ tenantId: tenant, trackingId, ...fresh, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [chatClaims.tenantId, chatClaims.trackingId],
      set: { ...fresh, updatedAt: now },
      setWhere: sql`${chatClaims.expiresAt} <= ${now}`,
    })
    .returning({ nonce: chatClaims.nonce });
  return row?.nonce === fresh.nonce ? { tenant, trackingId, ...fresh } : null;
}

/** `presented`: the claim of a verified, unexpired token for this tracking id, if the widget sent one. */
export async function issueClaim(
  db: Database,
  tenant: string,
  trackingId: string,
  presented: ChatClaim | null,
  now: number,
): Promise<ClaimResult> {
  if (presented && presented.trackingId === trackingId) {
    const renewed = await renew(db, presented, now);
    if (renewed) return { ok: true, claim: renewed };
  }
  const claimed = await claim(db, tenant, trackingId, now);
  return claimed ? { ok: true, claim: claimed } : { ok: false, reason: 'held' };
}
