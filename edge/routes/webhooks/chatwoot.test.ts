import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../../../core/crypto/hmac';
import { type ErrorEnvelope, callWorker } from '../../../test/fixtures';
import { rows } from '../../../test/db';
import { TEST_SECRETS } from '../../../test/tenants';

const HOST_A = 't.inbound-a.test';
const HOST_B = 't.inbound-b.test';
const SECRET_A = TEST_SECRETS.CHATWOOT_WEBHOOK_INBOUND_A;
const SECRET_B = TEST_SECRETS.CHATWOOT_WEBHOOK_INBOUND_B;

interface Delivery {
  host?: string;
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  deliveryId?: string;
  /** Headers to leave out. */
  omit?: string[];
  /** Replaces the computed signature. */
  signature?: string;
}

async function signed(body: string, options: Delivery = {}): Promise<Record<string, string>> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = options.signature ?? `sha256=${await hmacSha256Hex(options.secret ?? SECRET_A, `${timestamp}.${body}`)}`;
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'rest-client/2.1.0 (linux x86_64) ruby/3.3.3p89',
    'X-Chatwoot-Signature': signature,
    'X-Chatwoot-Timestamp': timestamp,
    'X-Chatwoot-Delivery': options.deliveryId ?? crypto.randomUUID(),
  };
  for (const name of options.omit ?? []) delete headers[name];
  return headers;
}

async function deliver(payload: unknown, options: Delivery = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const request = new Request(`https://${options.host ?? HOST_A}/v1/webhooks/chatwoot`, {
    method: 'POST',
    headers: await signed(body, options),
    body,
  });
  return callWorker(request);
}

async function expectError(response: Response, status: number, code: string): Promise<ErrorEnvelope> {
  expect(response.status).toBe(status);
  const body = await response.json<ErrorEnvelope>();
  expect(body.error.code).toBe(code);
  expect(body.error.request_id).toMatch(/^req_/);
  return body;
}

let nextConversation = 1000;

/** A lead with a Chatwoot conversation, as the chatwoot consumer leaves it in chatwoot_links. */
async function linkedLead(tenantId: string, conversationId = nextConversation++): Promise<{ leadId: string; conversationId: number }> {
  const leadId = `lead_${nanoid(12)}`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO chatwoot_links (tenant_id, lead_id, account_id, contact_id, source_id, inbox_id, conversation_id, created_at, updated_at)
     VALUES (?, ?, 1, ?, ?, 1, ?, ?, ?)`,
  )
    .bind(tenantId, leadId, conversationId + 5000, `lt_${leadId}`, conversationId, now, now)
    .run();
  return { leadId, conversationId };
}

let nextMessage = 90_000;

function agentReply(conversationId: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: 'message_created',
    id: nextMessage++,
    content: 'Hi Jane, happy to show you a demo on Thursday.',
    created_at: '2026-12-01T09:30:12.000Z',
    message_type: 'outgoing',
    content_type: 'text',
    private: false,
    content_attributes: {},
    source_id: null,
    sender: { id: 3, name: 'Maria Agent', available_name: 'Maria', avatar: '', type: 'user' },
    inbox: { id: 1, name: 'Website' },
    conversation: { id: conversationId, inbox_id: 1, status: 'open', channel: 'Channel::Api', can_reply: true },
    account: { id: 1, name: 'Acme' },
    ...overrides,
  };
}

function statusChange(conversationId: number, status: string, event = 'conversation_status_changed'): Record<string, unknown> {
  return {
    event,
    id: conversationId,
    inbox_id: 1,
    status,
    channel: 'Channel::Api',
    can_reply: true,
    messages: [{ id: 7, account_id: 1, conversation_id: conversationId, message_type: 2, content: 'Conversation was resolved' }],
    meta: { sender: { id: 9, type: 'contact' }, assignee: { id: 3, name: 'Maria Agent', type: 'user' } },
    timestamp: 1_764_580_000,
    changed_attributes: [{ status: { previous_value: 'open', current_value: status } }],
  };
}

interface StoredEvent {
  tenant_id: string;
  lead_id: string;
  kind: string;
  direction: string | null;
  message_id: number | null;
  sender_type: string | null;
  sender_name: string | null;
  content: string | null;
  status: string | null;
  delivery_id: string;
  at: number;
}

function eventsOfConversation(tenantId: string, conversationId: number): Promise<StoredEvent[]> {
  return rows<StoredEvent>(
    'SELECT * FROM conversation_events WHERE tenant_id = ? AND conversation_id = ? ORDER BY id',
    tenantId,
    conversationId,
  );
}

function deliveriesOf(tenantId: string, deliveryId: string): Promise<unknown[]> {
  return rows('SELECT * FROM inbound_webhooks WHERE tenant_id = ? AND delivery_id = ?', tenantId, deliveryId);
}

describe('POST /v1/webhooks/chatwoot stores', () => {
  it("an agent's reply, signed with the tenant's secret, against the lead of that conversation", async () => {
    const { leadId, conversationId } = await linkedLead('inbound-a');
    const other = await linkedLead('inbound-a');
    const deliveryId = crypto.randomUUID();
    const reply = agentReply(conversationId);
    const response = await deliver(reply, { deliveryId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: true });
    const stored = await eventsOfConversation('inbound-a', conversationId);
    expect(stored).toEqual([
      expect.objectContaining({
        tenant_id: 'inbound-a',
        lead_id: leadId,
        kind: 'message',
        direction: 'outgoing',
        message_id: reply.id,
        sender_type: 'user',
        sender_name: 'Maria',
        content: 'Hi Jane, happy to show you a demo on Thursday.',
        status: 'open',
        delivery_id: deliveryId,
        at: Date.parse('2026-12-01T09:30:12.000Z'),
      }),
    ]);
    expect(await eventsOfConversation('inbound-a', other.conversationId)).toEqual([]);
    expect(await deliveriesOf('inbound-a', deliveryId)).toHaveLength(1);
  });

  it('conversation status changes (and the older conversation_resolved event)', async () => {
    const { leadId, conversationId } = await linkedLead('inbound-a');
    const timestamp = Math.floor(Date.now() / 1000) - 10;
    expect(await (await deliver(statusChange(conversationId, 'pending'), { timestamp })).json()).toEqual({ stored: true });
    expect(await (await deliver(statusChange(conversationId, 'resolved', 'conversation_resolved'))).json()).toEqual({ stored: true });
    const stored = await eventsOfConversation('inbound-a', conversationId);
    expect(stored.map((row) => [row.kind, row.status, row.lead_id, row.direction, row.content])).toEqual([
      ['status', 'pending', leadId, null, null],
      ['status', 'resolved', leadId, null, null],
    ]);
    expect(stored[0]?.at).toBe(timestamp * 1000); // the signed delivery time, not the payload's last-activity timestamp
  });

  it('against the surviving lead when the linked lead was merged into another', async () => {
    const { leadId, conversationId } = await linkedLead('inbound-a');
    const now = Date.now();
    const insertLead = env.DB.prepare(
      'INSERT INTO leads (id, tenant_id, merged_into, first_seen, last_seen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    await env.DB.batch([
      insertLead.bind('lead_survivor_1', 'inbound-a', null, now, now, now, now),
      insertLead.bind(leadId, 'inbound-a', 'lead_survivor_1', now, now, now, now),
    ]);
    expect(await (await deliver(agentReply(conversationId))).json()).toEqual({ stored: true });
    expect((await eventsOfConversation('inbound-a', conversationId)).map((row) => row.lead_id)).toEqual(['lead_survivor_1']);
  });

  it('a long reply cut to 4000 characters, and an attachment-only reply without content', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    await deliver(agentReply(conversationId, { content: 'x'.repeat(9000) }));
    await deliver(agentReply(conversationId, { content: null, attachments: [{ file_type: 'image' }] }));
    const stored = await eventsOfConversation('inbound-a', conversationId);
    expect(stored.map((row) => row.content?.length ?? null)).toEqual([4000, null]);
  });
});

describe('POST /v1/webhooks/chatwoot acknowledges without storing', () => {
  it('private notes, incoming messages and activity messages', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const cases: [Record<string, unknown>, string][] = [
      [{ private: true, content: 'Internal: looks like a good fit' }, 'private_note'],
      [{ message_type: 'incoming', sender: { id: 9, name: 'Jane', type: 'contact' } }, 'incoming_message'],
      [{ message_type: 0 }, 'incoming_message'],
      [{ message_type: 'activity', content: 'Conversation was marked resolved by Maria' }, 'not_an_agent_reply'],
      [{ message_type: 'template' }, 'not_an_agent_reply'],
    ];
    for (const [overrides, reason] of cases) {
      const response = await deliver(agentReply(conversationId, overrides));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ stored: false, ignored: reason });
    }
    expect(await eventsOfConversation('inbound-a', conversationId)).toEqual([]);
  });

  it('a conversation LeadTrail did not create (200, so Chatwoot does not retry), events it does not handle, another account', async () => {
    const deliveryId = crypto.randomUUID();
    const response = await deliver(agentReply(424_242), { deliveryId });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ stored: false, ignored: 'unknown_conversation' });
    expect(await eventsOfConversation('inbound-a', 424_242)).toEqual([]);
    expect(await deliveriesOf('inbound-a', deliveryId)).toEqual([]);

    const { conversationId } = await linkedLead('inbound-a');
    expect(await (await deliver({ event: 'contact_updated', id: 9, name: 'Jane' })).json()).toEqual({
      stored: false,
      ignored: 'unhandled_event',
    });
    const foreign = await deliver(agentReply(conversationId, { account: { id: 2, name: 'Other' } }));
    expect(await foreign.json()).toEqual({ stored: false, ignored: 'other_account' });
    expect(await eventsOfConversation('inbound-a', conversationId)).toEqual([]);
  });
});

describe('POST /v1/webhooks/chatwoot deduplicates', () => {
  it('a redelivered delivery id: 200 duplicate, stored once', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const deliveryId = crypto.randomUUID();
    const status = statusChange(conversationId, 'resolved');
    expect(await (await deliver(status, { deliveryId })).json()).toEqual({ stored: true });
    // Chatwoot's retry: same delivery id, signed again later.
    const retry = await deliver(status, { deliveryId, timestamp: Math.floor(Date.now() / 1000) + 5 });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual({ stored: false, duplicate: true });
    expect(await eventsOfConversation('inbound-a', conversationId)).toHaveLength(1);
    expect(await deliveriesOf('inbound-a', deliveryId)).toHaveLength(1);
  });

  it('a captured request replayed under a new delivery id (that header is not signed)', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const body = JSON.stringify(statusChange(conversationId, 'snoozed'));
    const headers = await signed(body);
    const send = (delivery: string) =>
      callWorker(
        new Request(`https://${HOST_A}/v1/webhooks/chatwoot`, {
          method: 'POST',
          headers: { ...headers, 'X-Chatwoot-Delivery': delivery },
          body,
        }),
      );
    expect(await (await send(crypto.randomUUID())).json()).toEqual({ stored: true });
    expect(await (await send(crypto.randomUUID())).json()).toEqual({ stored: false, duplicate: true });
    expect(await eventsOfConversation('inbound-a', conversationId)).toHaveLength(1);
  });

  it('the same Chatwoot message delivered twice under two deliveries', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const reply = agentReply(conversationId);
    await deliver(reply);
    await deliver(reply, { timestamp: Math.floor(Date.now() / 1000) - 1 });
    expect(await eventsOfConversation('inbound-a', conversationId)).toHaveLength(1);
  });
});

describe('POST /v1/webhooks/chatwoot refuses', () => {
  it('a bad signature: 401 bad_signature, nothing stored', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const payload = agentReply(conversationId);
    await expectError(await deliver(payload, { secret: 'not-the-secret' }), 401, 'bad_signature');
    await expectError(await deliver(payload, { signature: `sha256=${'0'.repeat(64)}` }), 401, 'bad_signature');
    await expectError(await deliver(payload, { signature: 'deadbeef' }), 401, 'bad_signature');
    // Signed over a different body than the one sent.
    const body = JSON.stringify(payload);
    const headers = await signed(JSON.stringify({ ...payload, content: 'something else' }));
    const tampered = await callWorker(new Request(`https://${HOST_A}/v1/webhooks/chatwoot`, { method: 'POST', headers, body }));
    await expectError(tampered, 401, 'bad_signature');
    expect(await eventsOfConversation('inbound-a', conversationId)).toEqual([]);
  });

  it('missing signature, timestamp or delivery headers', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const payload = agentReply(conversationId);
    const noSignature = await expectError(await deliver(payload, { omit: ['X-Chatwoot-Signature'] }), 401, 'bad_signature');
    expect(noSignature.error.details).toEqual({ missing: ['X-Chatwoot-Signature'] });
    await expectError(await deliver(payload, { omit: ['X-Chatwoot-Timestamp'] }), 401, 'bad_signature');
    await expectError(await deliver(payload, { omit: ['X-Chatwoot-Delivery'] }), 400, 'bad_request');
    expect(await eventsOfConversation('inbound-a', conversationId)).toEqual([]);
  });

  it('a stale timestamp (> 5 min old) or one too far in the future: 401 stale_timestamp', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const now = Math.floor(Date.now() / 1000);
    await expectError(await deliver(agentReply(conversationId), { timestamp: now - 301 }), 401, 'stale_timestamp');
    await expectError(await deliver(agentReply(conversationId), { timestamp: now + 301 }), 401, 'stale_timestamp');
    expect((await deliver(agentReply(conversationId), { timestamp: now - 240 })).status).toBe(200);
    expect(await eventsOfConversation('inbound-a', conversationId)).toHaveLength(1);
  });

  it('a body over 256 KB: 413, whether its length is declared or streamed', async () => {
    const { conversationId } = await linkedLead('inbound-a');
    const big = JSON.stringify(agentReply(conversationId, { content: 'y'.repeat(300 * 1024) }));
    const declared = await deliver(big);
    await expectError(declared, 413, 'payload_too_large');

    const headers = await signed(big);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.byteLength; i += 16 * 1024) controller.enqueue(bytes.slice(i, i + 16 * 1024));
        controller.close();
      },
    });
    const streamed = await callWorker(new Request(`https://${HOST_A}/v1/webhooks/chatwoot`, { method: 'POST', headers, body: stream }));
    await expectError(streamed, 413, 'payload_too_large');
    expect(await eventsOfConversation('inbound-a', conversationId)).toEqual([]);
  });

  it("tenant A's secret on tenant B's host: 401, nothing written to either tenant", async () => {
    // Both tenants have conversation 7777 in an account numbered 1 (two Chatwoot installs).
    await linkedLead('inbound-a', 7777);
    await linkedLead('inbound-b', 7777);
    const deliveryId = crypto.randomUUID();
    const payload = agentReply(7777);
    await expectError(await deliver(payload, { host: HOST_B, secret: SECRET_A, deliveryId }), 401, 'bad_signature');
    expect(await eventsOfConversation('inbound-b', 7777)).toEqual([]);
    expect(await eventsOfConversation('inbound-a', 7777)).toEqual([]);
    expect(await rows('SELECT * FROM inbound_webhooks WHERE delivery_id = ?', deliveryId)).toEqual([]);

    // B's own secret on B's host lands in B only.
    expect(await (await deliver(payload, { host: HOST_B, secret: SECRET_B })).json()).toEqual({ stored: true });
    expect(await eventsOfConversation('inbound-b', 7777)).toHaveLength(1);
    expect(await eventsOfConversation('inbound-a', 7777)).toEqual([]);
  });

  it('a tenant without a Chatwoot webhook (404) or whose secret is not set (tenant_config_invalid)', async () => {
    const payload = agentReply(1);
    await expectError(await deliver(payload, { host: 't.acme.test' }), 404, 'not_found');
    const unset = await expectError(await deliver(payload, { host: 't.inbound-unset.test' }), 500, 'tenant_config_invalid');
    expect(unset.error.details).toMatchObject({ tenant: 'inbound-unset', secret: 'CHATWOOT_WEBHOOK_INBOUND_UNSET' });
  });

  it('a signed body that is not JSON, or a message_created it cannot read', async () => {
    await expectError(await deliver('{"event":'), 400, 'invalid_json');
    const unreadable = await expectError(await deliver({ event: 'message_created', id: 'x' }), 400, 'validation_failed');
    expect(JSON.stringify(unreadable.error.details)).toContain('conversation');
  });
});
