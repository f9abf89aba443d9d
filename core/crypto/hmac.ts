/**
 * HMAC-SHA256 signing and verifying with Web Crypto only (workerd and Node alike), for webhooks in (Chatwoot)
 * and out (design §5: the generic webhook's `X-LeadTrail-Signature`). Both directions use the same scheme:
 * `sha256=<hex HMAC-SHA256(secret, "{timestamp}.{raw body}")>` with the timestamp in Unix seconds, so a
 * captured request can only be replayed inside the freshness window.
 */

const encoder = new TextEncoder();
const PREFIX = 'sha256=';
const SIGNATURE_HEX = /^[0-9a-f]{64}$/i;

/** Seconds a signed timestamp may lie in the past or the future (design §5: stale > 5 min is rejected). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignedPayload = string | Uint8Array;

function bytesOf(data: SignedPayload): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

function importKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** `"{timestamp}."` followed by the raw body bytes: exactly what the sender signed, never re-serialised JSON. */
export function timestampedMessage(timestamp: string, body: SignedPayload): Uint8Array {
  const head = encoder.encode(`${timestamp}.`);
  const tail = bytesOf(body);
  const message = new Uint8Array(head.byteLength + tail.byteLength);
  message.set(head, 0);
  message.set(tail, head.byteLength);
  return message;
}

export async function hmacSha256Hex(secret: string, message: SignedPayload): Promise<string> {
  return toHex(await crypto.subtle.sign('HMAC', await importKey(secret, 'sign'), bytesOf(message)));
}

/**
 * Whether `signature` is `sha256=<64 hex>` and the HMAC of `message` under `secret`. The comparison is
 * Web Crypto's own `verify`, which compares in constant time (no early exit on the first differing byte).
 */
export async function verifySha256Signature(secret: string, message: SignedPayload, signature: string): Promise<boolean> {
  if (!signature.startsWith(PREFIX)) return false;
  const hex = signature.slice(PREFIX.length);
  if (!SIGNATURE_HEX.test(hex)) return false;
  return crypto.subtle.verify('HMAC', await importKey(secret, 'verify'), fromHex(hex), bytesOf(message));
}

/** The headers of an outgoing LeadTrail webhook (design §5), for a body sent exactly as signed. */
export async function signWebhook(
  secret: string,
  body: SignedPayload,
  nowMs: number,
): Promise<{ 'X-LeadTrail-Timestamp': string; 'X-LeadTrail-Signature': string }> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = `${PREFIX}${await hmacSha256Hex(secret, timestampedMessage(timestamp, body))}`;
  return { 'X-LeadTrail-Timestamp': timestamp, 'X-LeadTrail-Signature': signature };
}

export type WebhookVerdict = { ok: true; timestampMs: number } | { ok: false; reason: 'malformed' | 'bad_signature' | 'stale' };

export interface VerifyWebhookInput {
  secret: string;
  /** The raw body as received. */
  body: SignedPayload;
  /** The timestamp header (Unix seconds), or null when absent. */
  timestamp: string | null;
  /** The signature header (`sha256=<hex>`), or null when absent. */
  signature: string | null;
  nowMs: number;
  toleranceSeconds?: number;
}

/**
 * Verifies a timestamped signature (ours, or Chatwoot's, which uses the same scheme). The signature is
 * checked before the clock, so an unsigned caller learns nothing about the window; `stale` means a
 * correctly signed request outside ±tolerance (a replay, or a sender clock far off).
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<WebhookVerdict> {
  const { timestamp, signature } = input;
  if (timestamp === null || signature === null || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed' };
  if (!(await verifySha256Signature(input.secret, timestampedMessage(timestamp, input.body), signature))) {
    return { ok: false, reason: 'bad_signature' };
  }
  const timestampMs = Number(timestamp) * 1000;
  const toleranceMs = (input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS) * 1000;
  if (Math.abs(input.nowMs - timestampMs) > toleranceMs) return { ok: false, reason: 'stale' };
  return { ok: true, timestampMs };
}
