// Verifies a LeadTrail webhook (README "CRM delivery" → "Signed webhooks"). Web Crypto only: runs as-is in
// Cloudflare Workers, Deno, Bun and Node 20+. Returns the parsed body, or null when the request is not from LeadTrail.
export async function verifyLeadTrailWebhook(request: Request, secret: string, toleranceSeconds = 300): Promise<unknown> {
  const timestamp = request.headers.get('X-LeadTrail-Timestamp') ?? '';
  const signature = request.headers.get('X-LeadTrail-Signature') ?? '';
  const body = await request.text(); // the raw body: verify before parsing
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(signature)?.[1];
  if (!/^\d{1,12}$/.test(timestamp) || !hex) return null;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return null; // stale or replayed
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const mac = new Uint8Array((hex.match(/../g) ?? []).map((byte) => parseInt(byte, 16)));
  const signed = new TextEncoder().encode(`${timestamp}.${body}`);
  if (!(await crypto.subtle.verify('HMAC', key, mac, signed))) return null; // constant-time comparison
  return JSON.parse(body); // { type, lead, sent_at }; dedupe on the Idempotency-Key header
}
