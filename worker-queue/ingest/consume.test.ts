import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { ClientEvent, EventMessage } from '../../core/events';
import worker from '../../worker';
import { rows } from '../../test/db';
import { countingD1 } from '../../test/counting-d1';
import { faultyD1 } from '../../test/faulty-d1';
import { WORST_CASE, worstCaseBatch } from '../../test/worst-case-batch';
import { LIMITS } from '../../core/limits';
import { event, requestContext as requestContextOf, touch } from '../../test/fixtures';

type QueueMessage = { id: string; timestamp: Date; attempts: number; body: EventMessage };

const requestContext = requestContextOf();

function message(tenantId: string, clientEvents: ClientEvent | ClientEvent[], attempts = 1, request = requestContext) {
  const events = (Array.isArray(clientEvents) ? clientEvents : [clientEvents]).map((event) => ({ ts: event.ts, event }));
  const body: EventMessage = { v: 1, tenant_id: tenantId, request, events };
  return { id: nanoid(), timestamp: new Date(), attempts, body };
}

async function deliver(messages: QueueMessage[], overrides: Partial<Env> = {}) {
  const batch = createMessageBatch('events', messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  return getQueueResult(batch, ctx);
}

interface LeadRow {
  id: string;
  tenant_id: string;
  email: string | null;
  phone: string | null;
  first_touch: string | null;
  last_touch: string | null;
  merged_into: string | null;
  traits: string;
  name: string | null;
}

async function leadOf(tenantId: string, trackingId: string): Promise<LeadRow | undefined> {
  const [lead] = await rows<LeadRow>(
    'SELECT l.* FROM leads l JOIN lead_aliases a ON a.tenant_id = l.tenant_id AND a.lead_id = l.id WHERE a.tenant_id = ? AND a.tracking_id = ?',
    tenantId,
    trackingId,
  );
  return lead;
}

describe('events consumer', () => {
  it('stores raw events, creates the lead with first/last touch and touch history, acks each message', async () => {
    const trackingId = `trk_${nanoid()}`;
    const first = touch({ ts: Date.now() - 3_600_000, utm_campaign: 'launch' });
    const later = touch({
      ts: Date.now() - 60_000,
      channel: 'email',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'nurture',
      click_ids: {},
    });
    const messages = [
      message('acme', event({ tracking_id: trackingId, first_touch: first, last_touch: first, ts: Date.now() - 3_000_000 })),
      message('acme', event({ tracking_id: trackingId, first_touch: first, last_touch: later, ts: Date.now() - 50_000 })),
      message('acme', event({ tracking_id: trackingId, type: 'track', name: 'cta_click', first_touch: first, last_touch: later })),
    ];
    const result = await deliver(messages);
    expect(result.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(result.retryMessages).toEqual([]);

    const stored = await rows<{ event_id: string; payload: string }>(
      'SELECT event_id, payload FROM raw_events WHERE tenant_id = ? AND tracking_id = ?',
      'acme',
      trackingId,
    );
    expect(stored).toHaveLength(3);
    expect(JSON.parse(stored[0]?.payload ?? '{}')).toMatchObject({ request: { country: 'DE', ip_hash: 'abc' } });

    const lead = await leadOf('acme', trackingId);
    expect(JSON.parse(lead?.first_touch ?? 'null')).toMatchObject({ utm_campaign: 'launch' });
    expect(JSON.parse(lead?.last_touch ?? 'null')).toMatchObject({ utm_campaign: 'nurture', channel: 'email' });
    const history = await rows<{ utm_campaign: string }>(
      'SELECT utm_campaign FROM touches WHERE tenant_id = ? AND lead_id = ? ORDER BY ts',
      'acme',
      lead?.id,
    );
    expect(history.map((row) => row.utm_campaign)).toEqual(['launch', 'nurture']);
  });

  it('is idempotent: the same batch delivered twice leaves no duplicate rows', async () => {
    const trackingId = `trk_${nanoid()}`;
    // One visitor, one touch: both events carry the same one (two fixture calls could straddle a millisecond).
    const landing = touch();
    const visit = { tracking_id: trackingId, first_touch: landing, last_touch: landing };
    const messages = [message('acme', event(visit)), message('acme', event({ ...visit, type: 'form_submit' }))];
    await deliver(messages);
    const again = await deliver(messages);
    expect(again.explicitAcks).toHaveLength(2);
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id = ? AND tracking_id = ?', 'acme', trackingId)).toHaveLength(2);
    expect(await rows('SELECT 1 FROM lead_aliases WHERE tenant_id = ? AND tracking_id = ?', 'acme', trackingId)).toHaveLength(1);
    expect(await rows('SELECT 1 FROM touches WHERE tenant_id = ? AND tracking_id = ?', 'acme', trackingId)).toHaveLength(1);
  });

  it('never overwrites first touch with a later one, even when events arrive out of order', async () => {
    const trackingId = `trk_${nanoid()}`;
    const original = touch({ ts: Date.now() - 7_200_000, utm_campaign: 'original' });
    const newer = touch({ ts: Date.now() - 60_000, utm_campaign: 'newer' });
    await deliver([message('acme', event({ tracking_id: trackingId, first_touch: original, last_touch: newer }))]);
    await deliver([message('acme', event({ tracking_id: trackingId, first_touch: newer, last_touch: newer }))]);
    await deliver([
      message('acme', event({ tracking_id: trackingId, first_touch: original, last_touch: original, ts: Date.now() - 7_000_000 })),
    ]);
    const lead = await leadOf('acme', trackingId);
    expect(JSON.parse(lead?.first_touch ?? 'null').utm_campaign).toBe('original');
    expect(JSON.parse(lead?.last_touch ?? 'null').utm_campaign).toBe('newer');
  });

  it('stores bot events raw but never turns them into leads', async () => {
    const trackingId = `trk_${nanoid()}`;
    await deliver([message('acme', event({ tracking_id: trackingId, bot: true }))]);
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id = ? AND tracking_id = ? AND bot = 1', 'acme', trackingId)).toHaveLength(1);
    expect(await leadOf('acme', trackingId)).toBeUndefined();
  });

  it('a message whose request is a bot (a backfill, where the collector did not fold it into each event) is stored as bot', async () => {
    const trackingId = `trk_${nanoid()}`;
    const botRequest = requestContextOf({ bot: true, user_agent: 'Mozilla/5.0 (compatible; GPTBot/1.2)' });
    await deliver([message('acme', event({ tracking_id: trackingId }), 1, botRequest)]);
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id = ? AND tracking_id = ? AND bot = 1', 'acme', trackingId)).toHaveLength(1);
    expect(await leadOf('acme', trackingId)).toBeUndefined();
  });

  it('merges two visitors of one tenant identified by the same email, keeping every touch', async () => {
    const laptop = `trk_${nanoid()}`;
    const phone = `trk_${nanoid()}`;
    const email = `ada.${nanoid(6).toLowerCase()}@example.com`;
    const adTouch = touch({ ts: Date.now() - 86_400_000, utm_campaign: 'ad' });
    const mailTouch = touch({
      ts: Date.now() - 600_000,
      channel: 'email',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'mail',
      click_ids: {},
    });
    await deliver([
      message('acme', event({ tracking_id: laptop, first_touch: adTouch, last_touch: adTouch, ts: Date.now() - 86_000_000 })),
      message(
        'acme',
        event({ tracking_id: laptop, type: 'identify', traits: { email, name: 'Ada' }, first_touch: adTouch, last_touch: adTouch }),
      ),
    ]);
    await deliver([
      message('acme', event({ tracking_id: phone, first_touch: mailTouch, last_touch: mailTouch })),
      message(
        'acme',
        event({
          tracking_id: phone,
          type: 'identify',
          traits: { email: email.toUpperCase(), company: 'Analytical' },
          first_touch: mailTouch,
          last_touch: mailTouch,
        }),
      ),
    ]);
    const fromLaptop = await leadOf('acme', laptop);
    const fromPhone = await leadOf('acme', phone);
    expect(fromLaptop?.id).toBeDefined();
    expect(fromPhone?.id).toBe(fromLaptop?.id);
    expect(fromLaptop?.email).toBe(email);
    expect(fromLaptop?.name).toBe('Ada');
    expect(JSON.parse(fromLaptop?.traits ?? '{}')).toMatchObject({ company: 'Analytical' });
    expect(JSON.parse(fromLaptop?.first_touch ?? 'null').utm_campaign).toBe('ad');
    expect(JSON.parse(fromLaptop?.last_touch ?? 'null').utm_campaign).toBe('mail');
    const history = await rows<{ utm_campaign: string }>(
      'SELECT utm_campaign FROM touches WHERE tenant_id = ? AND lead_id = ? ORDER BY ts',
      'acme',
      fromLaptop?.id,
    );
    expect(history.map((row) => row.utm_campaign)).toEqual(['ad', 'mail']);
    const live = await rows('SELECT id FROM leads WHERE tenant_id = ? AND email = ? AND merged_into IS NULL', 'acme', email);
    expect(live).toHaveLength(1);
    expect(await rows('SELECT id FROM leads WHERE tenant_id = ? AND merged_into = ?', 'acme', fromLaptop?.id)).toHaveLength(1);
  });

  it('merges two visitors of one tenant whose phone numbers are one E.164 number, keeping every touch', async () => {
    const laptop = `trk_${nanoid()}`;
    const mobile = `trk_${nanoid()}`;
    const fromUs = { ...requestContext, country: 'US' };
    const ad = touch({ ts: Date.now() - 86_400_000, utm_campaign: 'ad' });
    const mail = touch({ ts: Date.now() - 600_000, channel: 'email', utm_campaign: 'mail', click_ids: {} });
    await deliver([
      message(
        'acme',
        event({
          tracking_id: laptop,
          type: 'identify',
          traits: { phone: '+1 415 555 2671', name: 'Grace' },
          first_touch: ad,
          last_touch: ad,
        }),
        1,
        fromUs,
      ),
    ]);
    // A national number: read in the request's country (US).
    await deliver([
      message(
        'acme',
        event({ tracking_id: mobile, type: 'identify', traits: { phone: '(415) 555-2671' }, first_touch: mail, last_touch: mail }),
        1,
        fromUs,
      ),
    ]);
    const fromLaptop = await leadOf('acme', laptop);
    const fromMobile = await leadOf('acme', mobile);
    expect(fromLaptop?.id).toBeDefined();
    expect(fromMobile?.id).toBe(fromLaptop?.id);
    expect(fromLaptop?.phone).toBe('+14155552671');
    expect(fromLaptop?.name).toBe('Grace');
    expect(JSON.parse(fromLaptop?.first_touch ?? 'null').utm_campaign).toBe('ad');
    expect(JSON.parse(fromLaptop?.last_touch ?? 'null').utm_campaign).toBe('mail');
    const history = await rows<{ utm_campaign: string }>(
      'SELECT utm_campaign FROM touches WHERE tenant_id = ? AND lead_id = ? ORDER BY ts',
      'acme',
      fromLaptop?.id,
    );
    expect(history.map((row) => row.utm_campaign)).toEqual(['ad', 'mail']);
    expect(
      await rows('SELECT id FROM leads WHERE tenant_id = ? AND phone = ? AND merged_into IS NULL', 'acme', '+14155552671'),
    ).toHaveLength(1);
    expect(await rows('SELECT id FROM leads WHERE tenant_id = ? AND merged_into = ?', 'acme', fromLaptop?.id)).toHaveLength(1);
  });

  it('keeps tenants apart: same tracking id, event id and email in two tenants stay two leads', async () => {
    const trackingId = `trk_${nanoid()}`;
    const email = `shared.${nanoid(6).toLowerCase()}@example.com`;
    const sharedEvent = event({ tracking_id: trackingId, type: 'identify', traits: { email } });
    await deliver([message('acme', sharedEvent), message('globex', sharedEvent)]);
    const acme = await leadOf('acme', trackingId);
    const globex = await leadOf('globex', trackingId);
    expect(acme?.tenant_id).toBe('acme');
    expect(globex?.tenant_id).toBe('globex');
    expect(acme?.id).not.toBe(globex?.id);
    expect(await rows('SELECT tenant_id FROM raw_events WHERE event_id = ? ORDER BY tenant_id', sharedEvent.event_id)).toEqual([
      { tenant_id: 'acme' },
      { tenant_id: 'globex' },
    ]);

    // A globex visitor identifying with the same email is merged within globex only.
    const other = `trk_${nanoid()}`;
    await deliver([message('globex', event({ tracking_id: other, type: 'identify', traits: { email } }))]);
    expect((await leadOf('globex', other))?.id).toBe(globex?.id);
    expect((await leadOf('acme', trackingId))?.merged_into).toBeNull();
    expect(await leadOf('acme', other)).toBeUndefined();
  });

  it('retries only the message whose D1 writes fail, with backoff; its neighbours are acked', async () => {
    const poison = `trk_poison_${nanoid()}`;
    const healthy = [
      message('acme', event({ tracking_id: `trk_${nanoid()}` })),
      message('acme', event({ tracking_id: `trk_${nanoid()}` })),
    ];
    const failing = message('acme', event({ tracking_id: poison }), 3);
    const result = await deliver([healthy[0]!, failing, healthy[1]!], { DB: faultyD1(env.DB, poison) });
    expect(result.explicitAcks.sort()).toEqual(healthy.map((m) => m.id).sort());
    expect(result.retryMessages).toHaveLength(1);
    expect(result.retryMessages[0]?.msgId).toBe(failing.id);
    // getQueueResult does not report delaySeconds; the backoff itself is covered in backoff.test.ts.
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id = ? AND tracking_id = ?', 'acme', poison)).toHaveLength(0);
    for (const m of healthy)
      expect(await rows('SELECT 1 FROM raw_events WHERE event_id = ?', m.body.events[0]?.event.event_id)).toHaveLength(1);
  });

  it('sends a malformed message straight to the dead letters instead of retrying it forever', async () => {
    const bad = {
      id: nanoid(),
      timestamp: new Date(),
      attempts: 1,
      body: { v: 1, tenant_id: 'acme', events: [{ ts: 1, event: { nope: true } }] },
    };
    const batch = createMessageBatch('events', [bad]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([bad.id]);
    const [dead] = await rows<{ tenant_id: string; error: string }>(
      'SELECT tenant_id, error FROM dead_letters WHERE message_id = ?',
      bad.id,
    );
    expect(dead).toMatchObject({ tenant_id: 'acme', error: 'malformed event message' });
  });

  it('derives lead state only from stored events: a reused event_id with other content changes nothing', async () => {
    const visitor = `trk_${nanoid()}`;
    const stranger = `trk_${nanoid()}`;
    const email = `first.${nanoid(6).toLowerCase()}@example.com`;
    const otherEmail = `other.${nanoid(6).toLowerCase()}@example.com`;
    const thirdEmail = `third.${nanoid(6).toLowerCase()}@example.com`;
    const landing = touch({ ts: Date.now() - 3_600_000, utm_campaign: 'original' });
    const identify = event({
      tracking_id: visitor,
      type: 'identify',
      traits: { email, name: 'First' },
      first_touch: landing,
      last_touch: landing,
    });
    const view = event({ tracking_id: visitor, first_touch: landing, last_touch: landing });
    await deliver([message('acme', [identify, view])]);
    const before = await leadState('acme', [visitor, stranger], [email, otherEmail, thirdEmail]);
    expect(before.leads).toHaveLength(1);

    // The same event ids again, with another browser, other emails, traits and touches.
    const forged = touch({ ts: Date.now() - 1000, channel: 'email', utm_campaign: 'forged', click_ids: {} });
    const reusedIdentify = event({
      event_id: identify.event_id,
      tracking_id: stranger,
      type: 'identify',
      traits: { email: otherEmail, name: 'Forged', company: 'Forged Inc' },
      first_touch: forged,
      last_touch: forged,
    });
    const reusedView = event({
      event_id: view.event_id,
      tracking_id: visitor,
      type: 'identify',
      traits: { email: thirdEmail, plan: 'forged' },
      first_touch: forged,
      last_touch: forged,
    });
    const result = await deliver([message('acme', [reusedIdentify, reusedView])]);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await leadState('acme', [visitor, stranger], [email, otherEmail, thirdEmail])).toEqual(before);
    expect(await leadOf('acme', stranger)).toBeUndefined();
  });

  it('caps the merged traits: 145 identifies with many distinct traits keep the lead under the cap, newest first', async () => {
    const trackingId = `trk_${nanoid()}`;
    const start = Date.now() - 600_000;
    const value = 'v'.repeat(100);
    const identifies = Array.from({ length: 145 }, (_, i) => {
      const traits: Record<string, string> = { plan: `plan-${i}` };
      for (let k = 0; k < 20; k++) traits[`trait_${i}_${k}`] = `${value}-${i}-${k}`;
      return message('acme', event({ tracking_id: trackingId, type: 'identify', ts: start + i * 1000, traits }));
    });
    for (let i = 0; i < identifies.length; i += 29) await deliver(identifies.slice(i, i + 29));
    const lead = await leadOf('acme', trackingId);
    const traits = JSON.parse(lead?.traits ?? '{}') as Record<string, string>;
    expect(Object.keys(traits).length).toBeLessThanOrEqual(LIMITS.traitKeys);
    expect(new TextEncoder().encode(lead?.traits ?? '').length).toBeLessThanOrEqual(LIMITS.traitBytes);
    // The latest identify wins and is kept whole; the oldest traits were dropped first.
    expect(traits.plan).toBe('plan-144');
    for (let k = 0; k < 20; k++) expect(traits[`trait_144_${k}`]).toBe(`${value}-144-${k}`);
    expect(traits.trait_0_0).toBeUndefined();
    expect(traits.trait_100_0).toBeUndefined();
  });

  it("keeps a merged lead under the traits cap, the merging visitor's traits being the newest", async () => {
    const laptop = `trk_${nanoid()}`;
    const phone = `trk_${nanoid()}`;
    const email = `cap.${nanoid(6).toLowerCase()}@example.com`;
    const traitsOf = (prefix: string) => Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`${prefix}_${k}`, `${prefix}-${k}`]));
    await deliver([message('acme', event({ tracking_id: laptop, type: 'identify', traits: { email, ...traitsOf('old') } }))]);
    await deliver([message('acme', event({ tracking_id: phone, type: 'identify', traits: { email, ...traitsOf('new') } }))]);
    const lead = await leadOf('acme', phone);
    expect((await leadOf('acme', laptop))?.id).toBe(lead?.id);
    const traits = JSON.parse(lead?.traits ?? '{}') as Record<string, string>;
    expect(Object.keys(traits)).toHaveLength(LIMITS.traitKeys);
    for (let k = 0; k < 40; k++) expect(traits[`new_${k}`]).toBe(`new-${k}`);
    expect(traits.old_0).toBeUndefined();
    expect(traits.old_39).toBe('old-39');
  });

  it('ingests the worst-case batch (100 messages × 50 identifies, with merges) in a bounded number of D1 statements', async () => {
    const tag = nanoid(8).toLowerCase();
    const now = Date.now();
    // Ten leads that already own an email: 500 identifies of the worst-case batch reuse one and merge.
    const existingEmails = Array.from({ length: 10 }, (_, i) => `owner-${i}.${tag}@example.com`);
    await deliver(
      existingEmails.map((email, i) =>
        message('acme', event({ tracking_id: `trk-owner-${tag}-${i}`, type: 'identify', traits: { email } })),
      ),
    );
    const counting = countingD1(env.DB);
    const batch = worstCaseBatch({ tenantId: 'acme', tag, now, existingEmails });
    const result = await deliver(batch, { DB: counting.db });
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(WORST_CASE.messages);
    // The ceiling does not depend on the event count: the ingest runs a fixed set of statements per batch,
    // each carrying its rows in one JSON parameter of at most ~1 MB, so only the batch's bytes (bounded
    // by 100 messages of at most 64 KB) add statements. 5,000 events need about 20; the old per-row code
    // ran about 5,000. 50 leaves room for a batch of maximal 64 KB messages.
    // The consumer also scores the batch's leads (2,500 here) in rounds of 1,000 (worker-queue/ingest/score-lead.ts:
    // 2 reads + 1 write batch each): ingest and scoring together stay within the same ceiling, far under D1's
    // 1,000 queries per invocation. Round trips: 3 for ingest, 3 per scoring round, and the write chunks.
    expect(counting.statements()).toBeLessThanOrEqual(50);
    expect(counting.roundTrips()).toBeLessThanOrEqual(20);

    const total = WORST_CASE.messages * WORST_CASE.eventsPerMessage;
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id = ? AND event_id LIKE ?', 'acme', `evt-${tag}-%`)).toHaveLength(total);
    expect(await rows('SELECT 1 FROM lead_aliases WHERE tenant_id = ? AND tracking_id LIKE ?', 'acme', `trk-${tag}-%`)).toHaveLength(total);
    expect(await rows('SELECT 1 FROM touches WHERE tenant_id = ? AND tracking_id LIKE ?', 'acme', `trk-${tag}-%`)).toHaveLength(total);
    const live = await rows<{ email: string }>(
      'SELECT email FROM leads WHERE tenant_id = ? AND merged_into IS NULL AND email LIKE ?',
      'acme',
      `%.${tag}@example.com`,
    );
    expect(live).toHaveLength(total - total / 10 + existingEmails.length);
    const owner = await leadOf('acme', `trk-owner-${tag}-0`);
    expect(await rows('SELECT 1 FROM lead_aliases WHERE tenant_id = ? AND lead_id = ?', 'acme', owner?.id)).toHaveLength(
      1 + total / 10 / 10,
    );
  }, 120_000);
});

async function leadState(tenantId: string, trackingIds: string[], emails: string[]) {
  const aliases = await rows<{ tracking_id: string; lead_id: string }>(
    `SELECT tracking_id, lead_id FROM lead_aliases WHERE tenant_id = ? AND tracking_id IN (${trackingIds.map(() => '?').join(',')}) ORDER BY tracking_id`,
    tenantId,
    ...trackingIds,
  );
  const leadIds = aliases.map((alias) => alias.lead_id);
  const leads = await rows(
    `SELECT id, email, phone, name, traits, first_touch, last_touch, first_seen, last_seen, merged_into FROM leads
     WHERE tenant_id = ? AND (id IN (${leadIds.map(() => '?').join(',') || "''"}) OR email IN (${emails.map(() => '?').join(',')})) ORDER BY id`,
    tenantId,
    ...leadIds,
    ...emails,
  );
  const history = await rows(
    `SELECT * FROM touches WHERE tenant_id = ? AND tracking_id IN (${trackingIds.map(() => '?').join(',')}) ORDER BY tracking_id, ts`,
    tenantId,
    ...trackingIds,
  );
  return { aliases, leads, touches: history };
}

describe('a merge and the deliveries', () => {
  it("points the absorbed lead's deliveries at the survivor: claims (remote ids), the Chatwoot link, dead letters", async () => {
    const tag = nanoid(8).toLowerCase();
    const email = `merge-repoint.${tag}@example.com`;
    const owner = `trk-owner-rp-${tag}`;
    const visitor = `trk-visitor-rp-${tag}`;
    await deliver([message('acme', event({ tracking_id: owner, type: 'identify', traits: { email } }))]);
    await deliver([message('acme', event({ tracking_id: visitor }))]);
    const survivor = (await leadOf('acme', owner))?.id;
    const absorbed = (await leadOf('acme', visitor))?.id;
    expect(survivor && absorbed && survivor !== absorbed).toBe(true);
    const now = Date.now();
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO delivery_claims (tenant_id, destination, target, lead_id, remote_ids, delivered_version, updated_at)
         VALUES ('acme', 'hubspot', 0, ?, '{"contact":"hs-1"}', 9, ?)`,
      ).bind(absorbed, now),
      env.DB.prepare(
        `INSERT INTO chatwoot_links (tenant_id, lead_id, account_id, contact_id, conversation_id, created_at, updated_at)
         VALUES ('acme', ?, 1, 5, 7, ?, ?)`,
      ).bind(absorbed, now, now),
      env.DB.prepare(
        `INSERT INTO dead_letters (id, tenant_id, queue, message_id, body, attempts, created_at, destination, lead_id)
         VALUES (?, 'acme', 'crm', ?, '{}', 1, ?, 'hubspot', ?)`,
      ).bind(`dl_${tag}`, `msg_${tag}`, now, absorbed),
    ]);

    // The visitor identifies with the owner's email: its lead is absorbed.
    await deliver([message('acme', event({ tracking_id: visitor, type: 'identify', traits: { email } }))]);
    expect((await leadOf('acme', visitor))?.id).toBe(survivor);
    expect(
      await rows(
        "SELECT lead_id, remote_ids, delivered_version FROM delivery_claims WHERE tenant_id = 'acme' AND lead_id IN (?, ?)",
        absorbed,
        survivor,
      ),
    ).toEqual([{ lead_id: survivor, remote_ids: '{"contact":"hs-1"}', delivered_version: -1 }]);
    expect(
      await rows("SELECT lead_id, conversation_id FROM chatwoot_links WHERE tenant_id = 'acme' AND lead_id IN (?, ?)", absorbed, survivor),
    ).toEqual([{ lead_id: survivor, conversation_id: 7 }]);
    expect(await rows("SELECT lead_id FROM dead_letters WHERE tenant_id = 'acme' AND id = ?", `dl_${tag}`)).toEqual([
      { lead_id: survivor },
    ]);
  });
});
