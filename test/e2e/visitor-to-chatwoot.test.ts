/**
 * Issue 8's end-to-end journey, every step through the product's real code and real queue batches: the collector
 * (POST /v1/events) → the `events` consumer (ingest, scoring, fan-out) → the `chatwoot` and `notify` consumers →
 * the spec-validating Chatwoot fake and a Slack-style receiver. Each hand-off between queues is the exact message
 * the previous step enqueued. A second identical run (the browser resending, every queue redelivering) changes
 * nothing anywhere.
 */
import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rows } from '../db';
import { runBatch } from '../delivery';
import { type ChatwootFake, createChatwootFake } from '../fakes/chatwoot';
import { routeFetch } from '../fakes/fetch';
import type { OpenApiDocument } from '../fakes/openapi';
import { batch, event, postEvents, recordingQueue, touch } from '../fixtures';

const spec = JSON.parse(env.CHATWOOT_SPEC) as OpenApiDocument;
let chatwoot: ChatwootFake;
let slackPosts: unknown[];

beforeEach(() => {
  chatwoot = createChatwootFake({ spec, accounts: [{ id: 3, token: 'token-e2e', inboxes: [31] }] });
  slackPosts = [];
  routeFetch({
    'chatwoot.test': chatwoot.handle,
    'hooks.slack.test': async (request) => {
      slackPosts.push(await request.json());
      return new Response('ok');
    },
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect(chatwoot.violations).toEqual([]);
});

/** The browser's batches of one visit: a campaign landing, a second page, two CTAs, then the email. */
function visit(trackingId: string, email: string) {
  const now = Date.now();
  const landing = touch({ ts: now - 120_000, utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'e2e-spring' });
  const common = { tracking_id: trackingId, session_id: `ses_${trackingId}`, first_touch: landing, last_touch: landing };
  return [
    batch([event({ ...common, ts: now - 110_000, url: 'https://www.e2e.test/?utm_source=google&utm_campaign=e2e-spring' })]),
    batch([
      event({ ...common, ts: now - 60_000, url: 'https://www.e2e.test/pricing', title: 'Pricing' }),
      event({ ...common, ts: now - 50_000, type: 'track', name: 'demo_requested' }),
      event({ ...common, ts: now - 40_000, type: 'track', name: 'cta_clicked', props: { cta: 'book' } }),
    ]),
    batch([event({ ...common, ts: now - 30_000, type: 'identify', traits: { email, name: 'Grace Hopper' } })]),
  ];
}

/** One pass of the whole chain; returns what each queue carried. */
async function runJourney(bodies: Record<string, unknown>[]) {
  const events = recordingQueue();
  for (const body of bodies) {
    const response = await postEvents(body, { host: 't.e2e.test', origin: 'https://www.e2e.test', env: { EVENTS_QUEUE: events } });
    expect(response.status).toBe(202);
  }
  const chatwootQueue = recordingQueue();
  const notifyQueue = recordingQueue();
  const ingest = await runBatch('events', events.sent, { env: { CHATWOOT_QUEUE: chatwootQueue, NOTIFY_QUEUE: notifyQueue } });
  expect(ingest.result.retries).toEqual([]);
  const delivered = await runBatch('chatwoot', chatwootQueue.sent);
  expect(delivered.result.retries).toEqual([]);
  const notified = await runBatch('notify', notifyQueue.sent);
  expect(notified.result.retries).toEqual([]);
  return { chatwoot: chatwootQueue.sent, notify: notifyQueue.sent };
}

describe('a visitor reaches the agent in Chatwoot', () => {
  it('landing with UTMs → navigation → identify: one contact, one conversation with touches, score, stage, labels and the note; a rerun changes nothing', async () => {
    const trackingId = `trk_e2e_${nanoid(10)}`;
    const email = `grace.${nanoid(6).toLowerCase()}@example.com`;
    const journey = visit(trackingId, email);
    const first = await runJourney(journey);
    expect(first.chatwoot).toHaveLength(1);
    expect(first.notify).toHaveLength(1); // Unqualified → MQL

    // D1: the lead, derived from the stored events (contact shared 10 + demo 15 + CTA 15).
    const [lead] = await rows<{ id: string; email: string; score: number; stage: string }>(
      'SELECT l.id, l.email, l.score, l.stage FROM leads l JOIN lead_aliases a ON a.tenant_id = l.tenant_id AND a.lead_id = l.id WHERE a.tenant_id = ? AND a.tracking_id = ?',
      'e2e',
      trackingId,
    );
    expect(lead).toMatchObject({ email, score: 40, stage: 'MQL' });
    const changes = await rows<{ from_stage: string; to_stage: string; score: number }>(
      "SELECT from_stage, to_stage, score FROM lead_changes WHERE tenant_id = 'e2e' AND lead_id = ?",
      lead?.id,
    );
    expect(changes).toEqual([{ from_stage: 'Unqualified', to_stage: 'MQL', score: 40 }]);

    // Chatwoot: exactly one contact and one conversation, carrying what the agent needs.
    const account = chatwoot.account(3);
    expect(account.contacts).toHaveLength(1);
    expect(account.conversations).toHaveLength(1);
    const [contact] = account.contacts;
    expect(contact).toMatchObject({ email, name: 'Grace Hopper', identifier: trackingId });
    const attributes = {
      lt_tracking_id: trackingId,
      lt_score: 40,
      lt_stage: 'MQL',
      lt_channel: 'paid_search',
      lt_first_utm_source: 'google',
      lt_first_utm_medium: 'cpc',
      lt_first_utm_campaign: 'e2e-spring',
      lt_last_utm_source: 'google',
      lt_last_utm_medium: 'cpc',
      lt_last_utm_campaign: 'e2e-spring',
    };
    expect(contact?.custom_attributes).toMatchObject(attributes);
    const [conversation] = account.conversations;
    expect(conversation?.inbox_id).toBe(31);
    expect(conversation?.custom_attributes).toMatchObject(attributes);
    expect(conversation?.labels).toEqual(expect.arrayContaining(['mql', 'paid_search']));
    const notes = conversation?.messages.filter((message) => message.private) ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]?.content).toContain('demo_requested');
    expect(notes[0]?.content).toContain('e2e-spring');

    // The sales channel heard about the MQL once, with a link to the conversation.
    expect(slackPosts).toHaveLength(1);
    expect(JSON.stringify(slackPosts[0])).toContain(`/conversations/${conversation?.id}`);

    // The ledger keeps Chatwoot's answers: every call in order, the last one's status and body.
    const [ledger] = await rows<{ provider_status: number; provider_body: string; provider_calls: string }>(
      "SELECT provider_status, provider_body, provider_calls FROM deliveries WHERE tenant_id = 'e2e' AND lead_id = ? AND destination = 'chatwoot'",
      lead?.id,
    );
    const calls = JSON.parse(ledger?.provider_calls ?? '[]') as { operation: string; status: number }[];
    expect(calls.map((call) => call.operation)).toEqual(
      expect.arrayContaining(['chatwoot contactCreate', 'chatwoot contactInboxCreation', 'chatwoot newConversation']),
    );
    expect(ledger?.provider_status).toBe(calls.at(-1)?.status);
    expect(ledger?.provider_body).toBeTruthy();
    const [notifyLedger] = await rows<{ provider_status: number }>(
      "SELECT provider_status FROM deliveries WHERE tenant_id = 'e2e' AND lead_id = ? AND destination = 'notify'",
      lead?.id,
    );
    expect(notifyLedger?.provider_status).toBe(200);

    // The same journey again (the browser resends, every queue redelivers): nothing changes anywhere.
    const requestsBefore = chatwoot.requests.filter((request) => request.method !== 'GET').length;
    await runJourney(journey);
    expect(account.contacts).toHaveLength(1);
    expect(account.conversations).toHaveLength(1);
    expect(account.conversations[0]?.messages.filter((message) => message.private)).toHaveLength(1);
    expect(chatwoot.requests.filter((request) => request.method !== 'GET').length).toBe(requestsBefore);
    expect(slackPosts).toHaveLength(1);
    expect(await rows("SELECT 1 FROM lead_changes WHERE tenant_id = 'e2e' AND lead_id = ?", lead?.id)).toHaveLength(1);
    expect(await rows("SELECT 1 FROM raw_events WHERE tenant_id = 'e2e' AND tracking_id = ?", trackingId)).toHaveLength(5);
  });

  it('a visitor who only viewed pages (no email, no phone, no score) reaches nobody', async () => {
    const trackingId = `trk_e2e_anon_${nanoid(8)}`;
    const [landing] = visit(trackingId, 'unused@example.com');
    const queued = await runJourney([landing!]);
    expect(queued).toEqual({ chatwoot: [], notify: [] });
    expect(chatwoot.account(3).contacts.filter((contact) => contact.identifier === trackingId)).toEqual([]);
  });
});
