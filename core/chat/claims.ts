/**
 * Who may chat as a tracking id (chat_claims). A tracking id is no secret — it travels in form fields, cross-domain
 * links, Chatwoot's contact identifier and CRM records — so knowing one must not open its conversation. The first
 * browser to ask claims the chat (trust on first use) for CHAT_TOKEN_TTL_MS, bound to a random key the widget made
 * and keeps; while that claim lives, a token is issued only to a request with the same key (a renewal, or a retry
 * after a lost answer). An expired claim can be taken again, and the new holder starts with an empty history
 * (`since`), so a late claimer never reads what came before.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db';
import { chatClaims } from '../schema';
import { CHAT_TOKEN_TTL_MS, type ChatClaim } from './token';

export type ClaimResult = { ok: true; claim: ChatClaim } | { ok: false; reason: 'held' };

/** The claim stores only a hash of the widget's key: a leaked row (or log) does not let anyone claim as the visitor. */
export async function keyHash(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * One statement: inserted; or, on the existing row, renewed when it is the same key (its `since` kept), taken over
 * when the existing claim has expired (a fresh `since`: the new holder reads nothing from before), else untouched.
 */
export async function issueClaim(db: Database, tenant: string, trackingId: string, key: string, now: number): Promise<ClaimResult> {
  const nonce = await keyHash(key);
  const expiresAt = now + CHAT_TOKEN_TTL_MS;
  const [row] = await db
    .insert(chatClaims)
    .values({ tenantId: tenant, trackingId, nonce, since: now, expiresAt, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [chatClaims.tenantId, chatClaims.trackingId],
      set: {
        since: sql`CASE WHEN ${chatClaims.nonce} = excluded.nonce THEN ${chatClaims.since} ELSE excluded.since END`,
        nonce: sql`excluded.nonce`,
        expiresAt,
        updatedAt: now,
      },
      setWhere: sql`${chatClaims.nonce} = excluded.nonce OR ${chatClaims.expiresAt} <= ${now}`,
    })
    .returning({ nonce: chatClaims.nonce, since: chatClaims.since });
  if (row?.nonce !== nonce) return { ok: false, reason: 'held' };
  return { ok: true, claim: { tenant, trackingId, since: row.since, expiresAt, nonce } };
}
