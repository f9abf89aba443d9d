import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { ClientEvent, EventMessage } from '../core/events';
import worker from '../worker';
import { rows } from '../test/db';
import { faultyD1 } from '../test/faulty-d1';
import { event, touch } from '../test/fixtures';

const requestContext: EventMessage['request'] = {
  received_at: Date.now(),
  ip_hash: 'abc',
  country: 'DE',
  region: null,
  city: 'Berlin',
  asn: 3320,
  user_agent: 'Mozilla/5.0',
  browser: 'Chrome 130',
  os: 'Linux',
  device: 'desktop',
  bot: false,
};

function message(tenantId: string, clientEvents: ClientEvent | ClientEvent[], attempts = 1) {
  const events = (Array.isArray(clientEvents) ? clientEvents : [clientEvents]).map((event) => ({ ts: event.ts, event }));
  const body: EventMessage = { v: 1, tenant_id: tenantId, request: requestContext, events };
  return { id: nanoid(), timestamp: new Date(), attempts, body };
}

async function deliver(messages: ReturnType<typeof message>[], overrides: Partial<Env> = {}) {
  const batch = createMessageBatch('events', messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  return getQueueResult(batch, ctx);
}

interface LeadRow {
  id: string;
  tenant_id: string;
  email: string | null;
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
});
