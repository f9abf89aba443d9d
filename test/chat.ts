/** Fixtures for the widget's chat (workerd): a visitor with a lead and a conversation, tokens, signed agent replies. */
import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { hmacSha256Hex } from '../core/crypto/hmac';
import { callWorker } from './fixtures';
import { TEST_SECRETS } from './tenants';

export const CHAT_HOST = 't.inbound-a.test';
export const OTHER_CHAT_HOST = 't.inbound-b.test';

let nextConversation = 50_000;
let nextMessage = 700_000;

/** A visitor whose lead has a Chatwoot conversation in account 1, as the ingest and the chatwoot consumer leave it. */
export async function chatVisitor(tenantId = 'inbound-a'): Promise<{ trackingId: string; leadId: string; conversationId: number }> {
  const trackingId = `trk_${nanoid(16)}`;
  const leadId = `lead_${nanoid(12)}`;
  const conversationId = nextConversation++;
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare('INSERT INTO leads (id, tenant_id, first_seen, last_seen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').bind(
      leadId,
      tenantId,
      now,
      now,
      now,
      now,
    ),
    env.DB.prepare('INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at) VALUES (?, ?, ?, ?)').bind(
      tenantId,
      trackingId,
      leadId,
      now,
    ),
    env.DB.prepare(
      `INSERT INTO chatwoot_links (tenant_id, lead_id, account_id, contact_id, source_id, inbox_id, conversation_id, created_at, updated_at)
       VALUES (?, ?, 1, ?, ?, 1, ?, ?, ?)`,
    ).bind(tenantId, leadId, conversationId + 1, `lt-${trackingId}`, conversationId, now, now),
  ]);
  return { trackingId, leadId, conversationId };
}

export function chatRequest(method: string, path: string, body?: unknown, host = CHAT_HOST): Request {
  return new Request(`https://${host}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The widget's random key for a visitor's chat (one per browser). */
export const chatKey = (): string => `key_${nanoid(24)}`;

export async function issueToken(trackingId: string, host = CHAT_HOST, key = chatKey()): Promise<string> {
  const response = await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: trackingId, key }, host));
  if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
  return (await response.json<{ token: string }>()).token;
}

/** An agent's reply in the conversation, delivered like Chatwoot does (signed with the tenant's webhook secret). */
export async function agentReply(conversationId: number, content: string, host = CHAT_HOST): Promise<Response> {
  const body = JSON.stringify({
    event: 'message_created',
    id: nextMessage++,
    content,
    created_at: new Date().toISOString(),
    message_type: 'outgoing',
    content_type: 'text',
    private: false,
    content_attributes: {},
    source_id: null,
    sender: { id: 3, name: 'Maria Agent', available_name: 'Maria', avatar: '', type: 'user' },
    inbox: { id: 1, name: 'Website' },
    conversation: { id: conversationId, inbox_id: 1, status: 'open', channel: 'Channel::Api', can_reply: true },
    account: { id: 1, name: 'Acme' },
  });
  const secret = host === CHAT_HOST ? TEST_SECRETS.CHATWOOT_WEBHOOK_INBOUND_A : TEST_SECRETS.CHATWOOT_WEBHOOK_INBOUND_B;
  const timestamp = String(Math.floor(Date.now() / 1000));
  return callWorker(
    new Request(`https://${host}/v1/webhooks/chatwoot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Chatwoot-Signature': `sha256=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`,
        'X-Chatwoot-Timestamp': timestamp,
        'X-Chatwoot-Delivery': crypto.randomUUID(),
      },
      body,
    }),
  );
}
