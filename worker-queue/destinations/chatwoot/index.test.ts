import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../core/db';
import { replayDeadLetters } from '../replay';
import { rows } from '../../../test/db';
import { deliveryMessage, runBatch, seedLead, shapeLead } from '../../../test/delivery';
import { type ChatwootFake, createChatwootFake } from '../../../test/fakes/chatwoot';
import { routeFetch } from '../../../test/fakes/fetch';
import type { OpenApiDocument } from '../../../test/fakes/openapi';
import { recordingQueue } from '../../../test/fixtures';

const spec = JSON.parse(env.CHATWOOT_SPEC) as OpenApiDocument;
let fake: ChatwootFake;

beforeEach(async () => {
  fake = createChatwootFake({
    spec,
    accounts: [
      { id: 1, token: 'token-chat-a', inboxes: [11, 12] },
      { id: 2, token: 'token-chat-b', inboxes: [21] },
    ],
  });
  routeFetch({ 'chatwoot.test': fake.handle });
  // Each test starts with an account the consumer has not provisioned yet (the fake is new too).
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'chatwoot'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
  // Every request the consumer made conformed to the spec's operation.
  expect(fake.violations).toEqual([]);
});

async function deadLetters(leadId: string) {
  return rows<{
    id: string;
    destination: string;
    lead_id: string;
    status: number | null;
    provider_body: string | null;
    error: string;
    replayed_at: number | null;
  }>('SELECT id, destination, lead_id, status, provider_body, error, replayed_at FROM dead_letters WHERE lead_id = ?', leadId);
}

describe('chatwoot consumer', () => {
  it('creates one contact, one conversation and one note carrying attribution, score and stage; a rerun changes nothing', async () => {
    const lead = await seedLead('chat-a');
    await shapeLead('chat-a', lead.leadId, {
      score: 65,
      stage: 'SQL',
      version: 3,
      answers: [{ question_id: 'size', value: 'mid', points: 10, at: Date.now(), event_id: 'e1' }],
      breakdown: [
        { rule: 'demo_requested', points: 15, event_id: 'e2' },
        { rule: 'contact_shared', points: 10, event_id: 'e3' },
      ],
    });
    const { result } = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId, { lead_version: 3 })]);
    expect(result.retries).toEqual([]);
    expect(result.acks).toHaveLength(1);

    const account = fake.account(1);
    expect(account.contacts).toHaveLength(1);
    const [contact] = account.contacts;
    expect(contact).toMatchObject({ identifier: lead.trackingId, email: lead.email, name: 'Ada Lovelace' });
    expect(contact?.custom_attributes).toMatchObject({
      lt_tracking_id: lead.trackingId,
      lt_score: 65,
      lt_stage: 'SQL',
      lt_channel: 'paid_search',
      lt_first_utm_source: 'google',
      lt_first_utm_medium: 'cpc',
      lt_first_utm_campaign: 'spring',
      lt_last_utm_source: 'google',
      lt_last_utm_campaign: 'spring',
      lt_country: 'DE',
    });
    expect(String(contact?.custom_attributes.lt_first_landing_url)).toContain('utm_campaign=spring');
    expect(account.contact_inboxes.some((item) => item.source_id === `lt-${lead.trackingId}` && item.inbox_id === 11)).toBe(true);
    expect(account.conversations).toHaveLength(1);
    const [conversation] = account.conversations;
    expect(conversation?.inbox_id).toBe(11);
    expect(conversation?.custom_attributes).toMatchObject({ lt_stage: 'SQL', lt_score: 65, lt_lead_id: lead.leadId });
    expect(conversation?.labels).toEqual(['paid_search', 'spring', 'sql']);
    expect(conversation?.messages).toHaveLength(1);
    const note = conversation?.messages[0];
    expect(note?.private).toBe(true);
    expect(note?.content).toContain('size: mid (+10)');
    expect(note?.content).toContain('demo_requested +15');
    expect(note?.content).toContain('paid_search · google / cpc / spring');
    // Provisioned once: both attribute models and the labels.
    expect(
      account.custom_attribute_definitions
        .filter((item) => item.attribute_key === 'lt_score')
        .map((item) => item.attribute_model)
        .sort(),
    ).toEqual([0, 1]);
    expect(account.labels.map((label) => label.title)).toEqual(expect.arrayContaining(['sql', 'mql', 'unqualified', 'spring']));
    const [link] = await rows<{ contact_id: number; conversation_id: number }>(
      'SELECT contact_id, conversation_id FROM chatwoot_links WHERE tenant_id = ? AND lead_id = ?',
      'chat-a',
      lead.leadId,
    );
    expect(link).toEqual({ contact_id: contact?.id, conversation_id: conversation?.id });

    const before = fake.requests.length;
    const again = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId, { lead_version: 3 })]);
    expect(again.result.acks).toHaveLength(1);
    expect(fake.requests.length).toBe(before);
    expect(await rows('SELECT 1 FROM deliveries WHERE tenant_id = ? AND lead_id = ?', 'chat-a', lead.leadId)).toHaveLength(1);
  });

  it('on a later change replaces attributes and labels with complete sets and adds a note saying what changed', async () => {
    const lead = await seedLead('chat-a');
    await shapeLead('chat-a', lead.leadId, { score: 35, stage: 'MQL', version: 1 });
    await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]);
    await shapeLead('chat-a', lead.leadId, {
      score: 70,
      stage: 'SQL',
      version: 2,
      answers: [{ question_id: 'budget', value: '10k', points: 10, at: Date.now(), event_id: 'e9' }],
    });
    await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId, { lead_version: 2, type: 'lead.stage_changed' })]);
    const [conversation] = fake.account(1).conversations;
    expect(fake.account(1).conversations).toHaveLength(1);
    expect(conversation?.labels).toEqual(['paid_search', 'spring', 'sql']);
    expect(conversation?.custom_attributes).toMatchObject({ lt_stage: 'SQL', lt_score: 70 });
    expect(Object.keys(conversation?.custom_attributes ?? {})).toContain('lt_last_landing_url');
    expect(conversation?.messages).toHaveLength(2);
    expect(conversation?.messages[1]?.content).toContain('Stage: MQL → SQL');
    expect(conversation?.messages[1]?.content).toContain('New answer: budget: 10k (+10)');
    expect(fake.account(1).contacts[0]?.custom_attributes).toMatchObject({ lt_stage: 'SQL', lt_score: 70 });
  });

  it('retries a 500 with backoff, then delivers once', async () => {
    const lead = await seedLead('chat-a');
    fake.failNext(1, { status: 500 }, 'contactCreate');
    const first = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]);
    expect(first.result.retries).toHaveLength(1);
    expect(first.result.retries[0]?.delaySeconds).toBeGreaterThanOrEqual(1);
    expect(fake.account(1).contacts).toHaveLength(0);
    const second = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { attempts: 2 });
    expect(second.result.acks).toHaveLength(1);
    expect(fake.account(1).contacts).toHaveLength(1);
    expect(fake.account(1).conversations).toHaveLength(1);
    expect(await deadLetters(lead.leadId)).toEqual([]);
  });

  it('honours Retry-After on a 429 (seconds and HTTP-date)', async () => {
    const lead = await seedLead('chat-a');
    fake.failNext(1, { status: 429, retryAfter: '120' }, 'contactCreate');
    const seconds = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]);
    expect(seconds.result.retries[0]?.delaySeconds).toBe(120);
    fake.failNext(1, { status: 429, retryAfter: new Date(Date.now() + 600_000).toUTCString() }, 'contactCreate');
    const date = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { attempts: 2 });
    expect(date.result.retries[0]?.delaySeconds).toBeGreaterThanOrEqual(590);
  });

  it('retries a request that times out', async () => {
    const lead = await seedLead('chat-a');
    fake.failNext(1, { hang: true }, 'contactCreate');
    const first = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { env: { DELIVERY_TIMEOUT_MS: '100' } });
    expect(first.result.retries).toHaveLength(1);
    const [claim] = await rows<{ last_error: string }>(
      'SELECT last_error FROM delivery_claims WHERE tenant_id = ? AND lead_id = ?',
      'chat-a',
      lead.leadId,
    );
    expect(claim?.last_error).toMatch(/timed out/);
    await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { attempts: 2 });
    expect(fake.account(1).contacts).toHaveLength(1);
  });

  it('dead-letters a 401 (bad token) with the status and body, without retrying', async () => {
    const lead = await seedLead('chat-a');
    const { result } = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { env: { CHATWOOT_TOKEN_CHAT_A: 'revoked' } });
    expect(result.retries).toEqual([]);
    expect(result.acks).toHaveLength(1);
    // One call was made and refused; nothing after it.
    expect(fake.requests.map((request) => request.status)).toEqual([401]);
    const [letter] = await deadLetters(lead.leadId);
    expect(letter).toMatchObject({ destination: 'chatwoot', lead_id: lead.leadId, status: 401 });
    expect(letter?.provider_body).toContain('Invalid Access Token');
  });

  it('adopts the existing contact when create answers 422 (identifier or email taken), never duplicating it', async () => {
    const byIdentifier = await seedLead('chat-a');
    const byEmail = await seedLead('chat-a');
    fake.account(1).contacts.push(
      {
        id: 9001,
        name: 'Old',
        email: null,
        phone_number: null,
        identifier: byIdentifier.trackingId,
        custom_attributes: { crm: 'x' },
        additional_attributes: {},
      },
      {
        id: 9002,
        name: 'Older',
        email: byEmail.email,
        phone_number: null,
        identifier: null,
        custom_attributes: {},
        additional_attributes: {},
      },
    );
    await runBatch('chatwoot', [deliveryMessage('chat-a', byIdentifier.leadId), deliveryMessage('chat-a', byEmail.leadId)]);
    const account = fake.account(1);
    expect(account.contacts.map((contact) => contact.id).sort()).toEqual([9001, 9002]);
    expect(fake.requests.filter((request) => request.operationId === 'contactCreate').map((request) => request.status)).toEqual([422, 422]);
    expect(account.conversations.map((conversation) => conversation.contact_id).sort()).toEqual([9001, 9002]);
    // Contact PUT merges: our attributes join what the contact had.
    expect(account.contacts[0]?.custom_attributes).toMatchObject({ crm: 'x', lt_tracking_id: byIdentifier.trackingId });
  });

  it('delivers a message that arrives twice in one batch once (one contact, one conversation, one note)', async () => {
    const lead = await seedLead('chat-a');
    const message = deliveryMessage('chat-a', lead.leadId);
    const { result } = await runBatch('chatwoot', [message, message]);
    expect(result.acks).toHaveLength(2);
    const account = fake.account(1);
    expect(account.contacts).toHaveLength(1);
    expect(account.conversations).toHaveLength(1);
    expect(account.conversations[0]?.messages).toHaveLength(1);
  });

  it('creates one contact for two concurrent batches of the same new lead', async () => {
    const lead = await seedLead('chat-a');
    const [a, b] = await Promise.all([
      runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]),
      runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]),
    ]);
    // Whichever lost the claim is retried shortly; its rerun is a ledger no-op.
    for (const run of [a, b]) {
      if (run.result.retries.length > 0) {
        const rerun = await runBatch('chatwoot', [run.messages[0]?.body], { attempts: 2 });
        expect(rerun.result.acks).toHaveLength(1);
      }
    }
    const account = fake.account(1);
    expect(account.contacts).toHaveLength(1);
    expect(account.conversations).toHaveLength(1);
    expect(account.conversations[0]?.messages).toHaveLength(1);
  });

  it('keeps one conversation when the lead is merged after its conversation exists', async () => {
    const absorbed = await seedLead('chat-a');
    await runBatch('chatwoot', [deliveryMessage('chat-a', absorbed.leadId)]);
    const survivor = await seedLead('chat-a');
    await env.DB.prepare('UPDATE leads SET merged_into = ? WHERE tenant_id = ? AND id = ?')
      .bind(survivor.leadId, 'chat-a', absorbed.leadId)
      .run();
    await runBatch('chatwoot', [deliveryMessage('chat-a', survivor.leadId, { lead_version: 2 })]);
    // A message still naming the absorbed lead follows the merge to the survivor.
    await runBatch('chatwoot', [deliveryMessage('chat-a', absorbed.leadId, { lead_version: 5 })]);
    const account = fake.account(1);
    expect(account.conversations).toHaveLength(1);
    expect(account.contacts).toHaveLength(1);
    const links = await rows<{ lead_id: string }>(
      'SELECT lead_id FROM chatwoot_links WHERE tenant_id = ? AND lead_id IN (?, ?)',
      'chat-a',
      absorbed.leadId,
      survivor.leadId,
    );
    expect(links).toEqual([{ lead_id: survivor.leadId }]);
    expect(account.conversations[0]?.custom_attributes.lt_lead_id).toBe(survivor.leadId);
  });

  it('dead-letters a chatwoot message for a tenant without Chatwoot (replayable once configured)', async () => {
    const lead = await seedLead('chat-none');
    const { result } = await runBatch('chatwoot', [deliveryMessage('chat-none', lead.leadId)]);
    expect(result.acks).toHaveLength(1);
    expect(fake.requests).toEqual([]);
    const [letter] = await deadLetters(lead.leadId);
    expect(letter?.error).toContain('has no chatwoot configured');
  });

  it('skips a stale message (older than the delivered version) with an ack', async () => {
    const lead = await seedLead('chat-a');
    await shapeLead('chat-a', lead.leadId, { score: 35, stage: 'MQL', version: 4 });
    await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId, { lead_version: 4 })]);
    await shapeLead('chat-a', lead.leadId, { score: 70, stage: 'SQL', version: 5 });
    const before = fake.requests.length;
    const { result } = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId, { lead_version: 3 })]);
    expect(result.acks).toHaveLength(1);
    expect(fake.requests.length).toBe(before);
    expect(fake.account(1).conversations[0]?.custom_attributes.lt_stage).toBe('MQL');
  });

  it('replays a dead letter after the fault is fixed and delivers exactly once', async () => {
    const lead = await seedLead('chat-a');
    await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], { env: { CHATWOOT_TOKEN_CHAT_A: 'revoked' } });
    const [letter] = await deadLetters(lead.leadId);
    expect(letter?.status).toBe(401);

    const queue = recordingQueue();
    const db = openDatabase(env.DB);
    const queues = { EVENTS_QUEUE: queue, CHATWOOT_QUEUE: queue, CRM_QUEUE: queue, NOTIFY_QUEUE: queue, CHAT_QUEUE: queue };
    const replay = await replayDeadLetters(db, queues, { tenantId: 'chat-a', leadId: lead.leadId });
    expect(replay.replayed).toEqual([{ id: letter?.id, queue: 'chatwoot', destination: 'chatwoot', lead_id: lead.leadId }]);
    expect(queue.sent).toEqual([{ ...deliveryMessage('chat-a', lead.leadId), replay_of: letter?.id }]);
    // Replaying again finds nothing new: the dead letter is marked.
    expect((await replayDeadLetters(db, queues, { tenantId: 'chat-a', leadId: lead.leadId })).replayed).toEqual([]);

    await runBatch('chatwoot', queue.sent);
    await runBatch('chatwoot', queue.sent);
    expect(fake.account(1).contacts).toHaveLength(1);
    expect(fake.account(1).conversations[0]?.messages).toHaveLength(1);
    const [delivery] = await rows<{ replay_of: string }>(
      'SELECT replay_of FROM deliveries WHERE tenant_id = ? AND lead_id = ?',
      'chat-a',
      lead.leadId,
    );
    expect(delivery?.replay_of).toBe(letter?.id);
  });

  it("never uses tenant A's token for tenant B", async () => {
    const a = await seedLead('chat-a');
    const b = await seedLead('chat-b');
    await runBatch('chatwoot', [deliveryMessage('chat-a', a.leadId), deliveryMessage('chat-b', b.leadId)]);
    expect(fake.account(1).contacts).toHaveLength(1);
    expect(fake.account(2).contacts).toHaveLength(1);
    const tokensByAccount = new Map<number | null, Set<string | null>>();
    for (const request of fake.requests) {
      const tokens = tokensByAccount.get(request.accountId) ?? new Set();
      tokens.add(request.token);
      tokensByAccount.set(request.accountId, tokens);
    }
    expect([...(tokensByAccount.get(1) ?? [])]).toEqual(['token-chat-a']);
    expect([...(tokensByAccount.get(2) ?? [])]).toEqual(['token-chat-b']);
  });
});
