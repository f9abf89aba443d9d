/**
 * The worst queue batch the `events` consumer can get: 100 messages (max_batch_size) × 50 events (the
 * collector's per-request maximum), every event an `identify` from its own browser with its own email, and
 * some of those emails already owned by another lead, so the batch also merges. Used by the query-count test
 * and by `npm run bench` (through scripts/bench/traffic.mjs, which builds the same shape in plain JS).
 */
import type { ClientEvent, EventMessage } from '../core/events';

export const WORST_CASE = { messages: 100, eventsPerMessage: 50 } as const;

export interface WorstCaseOptions {
  tenantId: string;
  /** Makes ids and emails unique per call. */
  tag: string;
  now: number;
  /** Emails of existing leads: every tenth identify reuses one of them, so its lead merges into that one. */
  existingEmails?: readonly string[];
}

export function worstCaseBatch(o: WorstCaseOptions): { id: string; timestamp: Date; attempts: number; body: EventMessage }[] {
  const existing = o.existingEmails ?? [];
  return Array.from({ length: WORST_CASE.messages }, (_, m) => {
    const events = Array.from({ length: WORST_CASE.eventsPerMessage }, (_, e) => {
      const n = m * WORST_CASE.eventsPerMessage + e;
      const ts = o.now - 60_000 + e;
      const touch = {
        ts: ts - 1000,
        channel: 'paid_search',
        utm_source: 'google',
        utm_medium: 'cpc',
        utm_campaign: `campaign-${n % 7}`,
        click_ids: { gclid: `gclid-${o.tag}-${n}` },
        referrer: 'https://www.google.com/',
        landing_url: `https://www.acme.test/?gclid=gclid-${o.tag}-${n}`,
      };
      const reused = n % 10 === 0 ? existing[(n / 10) % Math.max(1, existing.length)] : undefined;
      const event: ClientEvent = {
        event_id: `evt-${o.tag}-${n}`,
        type: 'identify',
        ts,
        tracking_id: `trk-${o.tag}-${n}`,
        session_id: `ses-${o.tag}-${n}`,
        url: 'https://www.acme.test/signup',
        first_touch: touch,
        last_touch: touch,
        traits: { email: reused ?? `visitor-${n}.${o.tag}@example.com`, name: `Visitor ${n}`, plan: 'pro', company: `Company ${n}` },
      };
      return { ts, event };
    });
    const body: EventMessage = {
      v: 1,
      tenant_id: o.tenantId,
      request: {
        received_at: o.now,
        ip_hash: `ip-${m}`,
        country: 'DE',
        region: null,
        city: 'Berlin',
        asn: 3320,
        user_agent: 'Mozilla/5.0',
        browser: 'Chrome 130',
        os: 'Linux',
        device: 'desktop',
        bot: false,
      },
      events,
    };
    return { id: `msg-${o.tag}-${m}`, timestamp: new Date(o.now), attempts: 1, body };
  });
}
