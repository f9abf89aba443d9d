/**
 * A funnel dataset with KNOWN answers, built through the real ingest and scoring code (raw events → leads,
 * touches, scores, stage changes): each step runs with the consumer's `now` at a chosen time, so the stage
 * changes land where the expected numbers say. Dates are in June 2026, away from the other tests' data.
 *
 * acme, June 2026 (UTC):
 *   spring (paid_search / google):  A  2 views Jun 2 09:00, email → MQL Jun 4 12:00 → SQL Jun 6 09:00 (96 h), variant a
 *                                   B  1 view Jun 3 10:00, email and widget → straight to SQL Jun 3 11:00 (1 h), variant a
 *                                   C  1 view Jun 5, anonymous;  a bot's view Jun 5 (never counted)
 *   summer (paid_social / facebook): D 2 views Jun 10, email → MQL Jun 10 (variant b);  E 1 view Jun 11, email, Unqualified
 *   direct:                          F 1 view Jun 12
 * → visits 8, visitors 6, leads 4, MQL 3 (B counts: it passed MQL on its way), SQL 2, median 48.5 h to SQL.
 */
import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { openDatabase } from '../core/db';
import type { ClientEvent, EventMessage, Touch } from '../core/events';
import { loadTenants } from '../core/tenants';
import { ingestThenDeliver } from '../worker-queue/ingest/consume';
import { event, recordingQueue, requestContext, touch } from './fixtures';

export const at = (iso: string) => Date.parse(iso);

export function campaignTouch(campaign: string | null, ts: number): Touch {
  if (campaign === null) {
    return touch({
      ts,
      channel: 'direct',
      utm_source: null,
      utm_medium: null,
      utm_campaign: null,
      click_ids: {},
      referrer: null,
      landing_url: 'https://www.acme.test/',
    });
  }
  const social = campaign === 'summer';
  return touch({
    ts,
    channel: social ? 'paid_social' : 'paid_search',
    utm_source: social ? 'facebook' : 'google',
    utm_medium: social ? 'paid' : 'cpc',
    utm_campaign: campaign,
    click_ids: social ? { fbclid: 'fb-1' } : { gclid: 'g-1' },
    landing_url: `https://www.acme.test/${campaign}?utm_campaign=${campaign}&gclid=x#top`,
  });
}

export interface Visitor {
  trackingId: string;
  touch: Touch;
}

export function visitor(campaign: string | null, firstTs: number): Visitor {
  return { trackingId: `trk_${nanoid(12).replace(/[^A-Za-z0-9]/g, 'x')}`, touch: campaignTouch(campaign, firstTs) };
}

export function pageView(who: Visitor, ts: number, extra: Partial<ClientEvent> = {}): ClientEvent {
  return event({ tracking_id: who.trackingId, ts, first_touch: who.touch, last_touch: who.touch, ...extra });
}

export function identify(who: Visitor, ts: number, email: string): ClientEvent {
  return pageView(who, ts, { type: 'identify', traits: { email } });
}

/** Widget events: `names` of design §4's scoring events, all at `ts` (a stage change is dated by the latest event that
 * scored, so the change lands exactly there), all carrying the visitor's variant. */
export function widget(who: Visitor, ts: number, variant: string, names: readonly string[]): ClientEvent[] {
  return names.map((name) => pageView(who, ts, { type: 'track', name, props: { variant } }));
}

export const TO_MQL = ['widget_opened', 'widget_replied', 'questionnaire_completed'] as const; // 20 (+10 contact = 30)
export const TO_SQL = ['demo_requested', 'cta_clicked'] as const; // +30

/** One queue message through ingest → scoring → fan-out, as the `events` consumer would run it at `now` (the
 * destination messages are recorded, not delivered: these tests are about the numbers). */
export async function deliver(tenantId: string, events: ClientEvent[], now: number, bot = false): Promise<void> {
  const message: EventMessage = {
    v: 1,
    tenant_id: tenantId,
    request: requestContext({ received_at: now, bot }),
    events: events.map((item) => ({ ts: item.ts, event: item })),
  };
  const queues = { CHATWOOT_QUEUE: recordingQueue(), CRM_QUEUE: recordingQueue(), NOTIFY_QUEUE: recordingQueue() };
  await ingestThenDeliver(openDatabase(env.DB), queues, loadTenants(env.TENANTS), [message], now);
}

export async function seedJune(tenantId = 'acme', prefix = 'june'): Promise<void> {
  const A = visitor('spring', at('2026-06-02T09:00:00Z'));
  await deliver(
    tenantId,
    [
      pageView(A, at('2026-06-02T09:00:00Z')),
      pageView(A, at('2026-06-02T09:03:00Z')),
      identify(A, at('2026-06-02T09:05:00Z'), `${prefix}-a@example.com`),
    ],
    at('2026-06-02T09:06:00Z'),
  );
  await deliver(tenantId, widget(A, at('2026-06-04T12:00:00Z'), 'a', TO_MQL), at('2026-06-04T12:01:00Z'));
  await deliver(tenantId, widget(A, at('2026-06-06T09:00:00Z'), 'a', TO_SQL), at('2026-06-06T09:01:00Z'));

  const B = visitor('spring', at('2026-06-03T10:00:00Z'));
  await deliver(
    tenantId,
    [
      pageView(B, at('2026-06-03T10:00:00Z')),
      identify(B, at('2026-06-03T10:01:00Z'), `${prefix}-b@example.com`),
      ...widget(B, at('2026-06-03T11:00:00Z'), 'a', [...TO_MQL, ...TO_SQL]),
    ],
    at('2026-06-03T11:01:00Z'),
  );

  const C = visitor('spring', at('2026-06-05T08:00:00Z'));
  await deliver(tenantId, [pageView(C, at('2026-06-05T08:00:00Z'))], at('2026-06-05T08:01:00Z'));
  const bot = visitor('spring', at('2026-06-05T08:00:00Z'));
  await deliver(tenantId, [pageView(bot, at('2026-06-05T08:00:00Z'), { bot: true })], at('2026-06-05T08:01:00Z'), true);

  const D = visitor('summer', at('2026-06-10T10:00:00Z'));
  await deliver(
    tenantId,
    [
      pageView(D, at('2026-06-10T10:00:00Z')),
      pageView(D, at('2026-06-10T10:01:00Z')),
      identify(D, at('2026-06-10T10:02:00Z'), `${prefix}-d@example.com`),
      ...widget(D, at('2026-06-10T10:03:00Z'), 'b', TO_MQL),
    ],
    at('2026-06-10T10:10:00Z'),
  );
  const E = visitor('summer', at('2026-06-11T10:00:00Z'));
  await deliver(
    tenantId,
    [pageView(E, at('2026-06-11T10:00:00Z')), identify(E, at('2026-06-11T10:01:00Z'), `${prefix}-e@example.com`)],
    at('2026-06-11T10:05:00Z'),
  );
  const F = visitor(null, at('2026-06-12T10:00:00Z'));
  await deliver(tenantId, [pageView(F, at('2026-06-12T10:00:00Z'))], at('2026-06-12T10:01:00Z'));
}
