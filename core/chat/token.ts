/**
 * The widget's per-visitor chat token: `v1.<base64url JSON claim>.<hex HMAC-SHA256(CHAT_TOKEN_SECRET, "v1.<claim>")>`.
 * The claim names the tenant, the tracking id, when the visitor's chat claim began (`since`: replies from before
 * it are never shown), when the token expires and the claim's nonce (core/chat/claims.ts). Verifying it is pure
 * (no D1 read), so reading history and holding the live socket cost no claim lookup; only issuing one does.
 */
import * as v from 'valibot';
import { hmacSha256Hex, verifySha256Signature } from '../crypto/hmac';
import { CLIENT_ID_PATTERN } from '../ids';

/** A token lives 30 days; the widget renews it (with the live one) once a day while the visitor comes back. */
export const CHAT_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface ChatClaim {
  tenant: string;
  trackingId: string;
  since: number;
  expiresAt: number;
  nonce: string;
}

const VERSION = 'v1';
const encoder = new TextEncoder();

const ClaimSchema = v.strictObject({
  t: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  i: v.pipe(v.string(), v.regex(CLIENT_ID_PATTERN)),
  s: v.pipe(v.number(), v.integer(), v.minValue(0)),
  e: v.pipe(v.number(), v.integer(), v.minValue(0)),
  n: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/)), // the claim's key hash
});

function base64url(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): string | null {
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

export async function signChatToken(secret: string, claim: ChatClaim): Promise<string> {
  const body = base64url(JSON.stringify({ t: claim.tenant, i: claim.trackingId, s: claim.since, e: claim.expiresAt, n: claim.nonce }));
  return `${VERSION}.${body}.${await hmacSha256Hex(secret, `${VERSION}.${body}`)}`;
}

export type TokenVerdict =
  { ok: true; claim: ChatClaim } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' | 'other_tenant' };

/**
 * Checks the signature first (in constant time), then the claim: a token of another tenant (signed by the same
 * deployment-wide secret) is refused, so one tenant's visitor can never read into another tenant.
 */
export async function verifyChatToken(secret: string, token: string, tenant: string, now: number): Promise<TokenVerdict> {
  const parts = token.length <= 1024 ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
  const [, body = '', mac = ''] = parts;
  if (!(await verifySha256Signature(secret, `${VERSION}.${body}`, `sha256=${mac}`))) return { ok: false, reason: 'bad_signature' };
  const json = fromBase64url(body);
  let value: unknown;
  try {
    value = json === null ? null : JSON.parse(json);
  } catch {
    value = null;
  }
  const parsed = v.safeParse(ClaimSchema, value);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const { t, i, s, e, n } = parsed.output;
  if (t !== tenant) return { ok: false, reason: 'other_tenant' };
  if (e <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { tenant: t, trackingId: i, since: s, expiresAt: e, nonce: n } };
}
