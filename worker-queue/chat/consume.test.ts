import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replayDeadLetters } from '../../core/dead-letters';
import { openDatabase } from '../../core/db';
import type { EventMessage } from '../../core/events';
import { rows } from '../../test/db';
import { runBatch, seedLead } from '../../test/delivery';
import { type ChatwootFake, createChatwootFake } from '../../test/fakes/chatwoot';
import { routeFetch } from '../../test/fakes/fetch';
import type { OpenApiDocument } from '../../test/fakes/openapi';
import { callWorker, event, recordingQueue, requestContext } from '../../test/fixtures';
import { ingestMessages } from '../ingest/consume';

const spec = JSON.parse(env.CHATWOOT_SPEC) as OpenApiDocument;
const HOST = 't.chat-a.test';
let fake: ChatwootFake;

beforeEach(async () => {
  fake = createChatwootFake({ spec, accounts: [{ id: 1, token: 'token-chat-a', inboxes: [11, 12] }] });
  routeFetch({ 'chatwoot.test': fake.handle });
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'chatwoot'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect(fake.violations).toEqual([]);
});

/** The widget's visitor: a lead (with email) who saw variant "b" of the questionnaire. */
async function widgetVisitor(): Promise<{ trackingId: string; leadId: string }> {
  const lead = await seedLead('chat-a');
  const opened = event({ tracking_id: lead.trackingId, type: 'track', name: 'widget_opened', props: { via: 'click', variant: 'b' } });
  const message: EventMessage = { v: 1, tenant_id: 'chat-a', request: requestContext(), events: [{ ts: opened.ts, event: opened }] };
  await ingestMessages(openDatabase(env.DB), [message], Date.now());
  return lead;
}

/** What the widget does: a token, then POST /v1/chat/messages; returns the chat queue's messages. */
async function visitorSays(trackingId: string, clientId: string, text: string): Promise<unknown[]> {
  const post = (path: string, body: unknown, overrides: Partial<Env> = {}) =>
    callWorker(
      new Request(`https://${HOST}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      overrides,
    );
  const { token } = await (
    await post('/v1/chat/token', { tracking_id: trackingId, key: `key_${trackingId}_widget` })
  ).json<{ token: string }>();
  const queue = recordingQueue();
  expect((await post('/v1/chat/messages', { token, client_id: clientId, text }, { CHAT_QUEUE: queue })).status).toBe(202);
  return queue.sent;
}

function incoming() {
  return fake.account(1).conversations.flatMap((c) => c.messages.filter((m) => m.message_type === 'incoming').map((m) => ({ c, m })));
}

describe('chat consumer', () => {
  it('creates the conversation through the chatwoot queue (questionnaire note, attribution, variant), then posts the message once', async () => {
    const lead = await widgetVisitor();
    const chat = await visitorSays(lead.trackingId, 'msg_consume_01', 'Can I get a demo on Friday?');

    // No conversation yet: the consumer asks the chatwoot destination to create one and comes back.
    const chatwootQueue = recordingQueue();
    const waiting = await runBatch('chat', chat, { env: { CHATWOOT_QUEUE: chatwootQueue } });
    expect(waiting.result.retries).toHaveLength(1);
    expect(waiting.result.retries[0]?.delaySeconds).toBeLessThanOrEqual(3);
    expect(chatwootQueue.sent).toMatchObject([{ destination: 'chatwoot', lead_id: lead.leadId, type: 'lead.upserted' }]);
    expect(incoming()).toEqual([]);

    expect((await runBatch('chatwoot', chatwootQueue.sent)).result.retries).toEqual([]);
    const posted = await runBatch('chat', chat);
    expect(posted.result.acks).toHaveLength(1);

    const [only, ...more] = incoming();
    expect(more).toEqual([]);
    expect(only?.m).toMatchObject({ content: 'Can I get a demo on Friday?', private: false, sender_type: 'contact' });
    // The conversation it landed on carries the attribution and the A/B variant, and the questionnaire note.
    expect(only?.c.custom_attributes).toMatchObject({
      lt_tracking_id: lead.trackingId,
      lt_lead_id: lead.leadId,
      lt_first_utm_campaign: 'spring',
      lt_variant: 'b',
    });
    expect(only?.c.messages.some((m) => m.private && m.content.startsWith('LeadTrail:'))).toBe(true);
    const [row] = await rows<{ status: string; conversation_id: number; remote_message_id: number }>(
      'SELECT status, conversation_id, remote_message_id FROM chat_messages WHERE tracking_id = ?',
      lead.trackingId,
    );
    expect(row).toEqual({ status: 'sent', conversation_id: only?.c.id, remote_message_id: only?.m.id });

    // The same message again (a queue redelivery, a resend of the client id): no second post.
    expect((await runBatch('chat', [...chat, ...chat])).result.acks).toHaveLength(2);
    expect(incoming()).toHaveLength(1);
  });

  it('waits for a visitor whose lead is not stored yet', async () => {
    const trackingId = `trk_${crypto.randomUUID().slice(0, 12)}`;
    await env.DB.prepare(
      "INSERT INTO chat_messages (tenant_id, tracking_id, client_id, text, created_at) VALUES ('chat-a', ?, 'msg_consume_02', 'early', ?)",
    )
      .bind(trackingId, Date.now())
      .run();
    const { result } = await runBatch('chat', [{ v: 1, tenant_id: 'chat-a', tracking_id: trackingId, client_id: 'msg_consume_02' }]);
    expect(result.retries).toHaveLength(1);
    expect(fake.requests).toEqual([]);
  });

  it('retries a 5xx (releasing the message) and dead-letters a 4xx with its body', async () => {
    const lead = await widgetVisitor();
    const chatwootQueue = recordingQueue();
    const chat = await visitorSays(lead.trackingId, 'msg_consume_03', 'hello');
    await runBatch('chat', chat, { env: { CHATWOOT_QUEUE: chatwootQueue } });
    await runBatch('chatwoot', chatwootQueue.sent);

    fake.failNext(1, { status: 503, retryAfter: '7' }, 'create-a-new-message-in-a-conversation');
    const retried = await runBatch('chat', chat);
    expect(retried.result.retries[0]?.delaySeconds).toBeGreaterThanOrEqual(7);
    const [released] = await rows<{ claimed_until: number | null; status: string; attempts: number }>(
      'SELECT claimed_until, status, attempts FROM chat_messages WHERE tracking_id = ?',
      lead.trackingId,
    );
    expect(released).toEqual({ claimed_until: null, status: 'queued', attempts: 1 });

    fake.failNext(1, { status: 422, body: { message: 'Conversation is locked' } }, 'create-a-new-message-in-a-conversation');
    const dead = await runBatch('chat', chat);
    expect(dead.result.acks).toHaveLength(1);
    const letters = await rows<{ queue: string; status: number; provider_body: string }>(
      "SELECT queue, status, provider_body FROM dead_letters WHERE queue = 'chat' AND body LIKE ?",
      `%${lead.trackingId}%`,
    );
    expect(letters).toMatchObject([{ queue: 'chat', status: 422 }]);
    expect(letters[0]?.provider_body).toContain('locked');

    // Once Chatwoot is fixed, a replay re-sends it to the chat queue and it is posted (once).
    const replayQueue = recordingQueue();
    const [letter] = await rows<{ id: string }>("SELECT id FROM dead_letters WHERE queue = 'chat' AND body LIKE ?", `%${lead.trackingId}%`);
    const queues = {
      EVENTS_QUEUE: replayQueue,
      CHATWOOT_QUEUE: replayQueue,
      CRM_QUEUE: replayQueue,
      NOTIFY_QUEUE: replayQueue,
      CHAT_QUEUE: replayQueue,
    };
    const replay = await replayDeadLetters(openDatabase(env.DB), queues, { tenantId: 'chat-a', id: letter?.id ?? '' });
    expect(replay.replayed).toMatchObject([{ queue: 'chat' }]);
    await runBatch('chat', replayQueue.sent);
    expect(incoming().filter(({ m }) => m.content === 'hello')).toHaveLength(1);
  });
});
