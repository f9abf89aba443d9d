/**
 * Traffic for the console's numbers, sent through the real ingest path: POST /v1/events from a page of the
 * board tenant in a Chromium that presents a person's user agent (headless Chromium is a bot, and bots never
 * become leads). Each visitor is one session: page views with a campaign touch, then, for the ones who become
 * leads, identify with an email and the scoring events that take them to their stage (README, Scoring):
 *   lead: contact_shared (10)                                                   → Unqualified
 *   MQL:  + demo_requested (15) + product_interest (5)                    = 30  → MQL
 *   SQL:  + cta_clicked (15) + questionnaire_completed (10) + widget_opened (5) = 60 → SQL
 */
import type { Page } from './harness';

export type Reach = 'visit' | 'lead' | 'mql' | 'sql';

export interface Visitor {
  id: string;
  campaign: string;
  source: string;
  medium: string;
  channel: string;
  pages: number;
  reach: Reach;
}

interface WireEvent {
  event_id: string;
  type: 'page_view' | 'track' | 'identify';
  name?: string;
  ts: number;
  tracking_id: string;
  session_id: string;
  url?: string;
  first_touch?: unknown;
  last_touch?: unknown;
  props?: Record<string, string>;
  traits?: Record<string, string>;
}

const TRACKS: Record<Reach, string[]> = {
  visit: [],
  lead: [],
  mql: ['demo_requested', 'product_interest'],
  sql: ['demo_requested', 'product_interest', 'cta_clicked', 'questionnaire_completed', 'widget_opened'],
};

/** The events one visitor's browser would have sent, oldest first, within the last minute. */
export function visitorEvents(origin: string, visitor: Visitor, now: number): WireEvent[] {
  const session = `s${visitor.id}`;
  const landing = `${origin}/?utm_source=${visitor.source}&utm_medium=${visitor.medium}&utm_campaign=${visitor.campaign}`;
  const touch = {
    ts: now - 60_000,
    channel: visitor.channel,
    utm_source: visitor.source,
    utm_medium: visitor.medium,
    utm_campaign: visitor.campaign,
    landing_url: landing,
  };
  let n = 0;
  const at = () => now - 60_000 + 1000 * n;
  const base = () => ({
    event_id: `${visitor.id}e${n++}`,
    tracking_id: visitor.id,
    session_id: session,
    first_touch: touch,
    last_touch: touch,
  });
  const events: WireEvent[] = [];
  for (let p = 0; p < visitor.pages; p++)
    events.push({ ...base(), ts: at(), type: 'page_view', url: p == 0 ? landing : `${origin}/pricing.html` });
  if (visitor.reach == 'visit') return events;
  events.push({ ...base(), ts: at(), type: 'identify', traits: { email: `${visitor.id}@board.example`, name: `Person ${visitor.id}` } });
  for (const name of TRACKS[visitor.reach]) events.push({ ...base(), ts: at(), type: 'track', name, props: {} });
  return events;
}

/** Posts each visitor's events as one batch from `page` (an origin of the tenant), expecting 202 for each. */
export async function sendVisitors(page: Page, visitors: readonly Visitor[]): Promise<void> {
  const origin = new URL(page.url()).origin;
  const now = Date.now();
  const batches = visitors.map((v) => ({ sent_at: now, consent: 'granted', events: visitorEvents(origin, v, now) }));
  const statuses = await page.evaluate(async (all) => {
    const out: number[] = [];
    for (const batch of all) {
      const r = await fetch('/v1/events', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch) });
      out.push(r.status);
    }
    return out;
  }, batches);
  if (statuses.some((s) => s != 202)) throw new Error(`POST /v1/events answered ${statuses.join(', ')}`);
}

/** A visitor id unique to this run (tracking ids are 8-64 of A-Z a-z 0-9 _ -). */
export function visitorId(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
