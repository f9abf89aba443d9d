import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import type { Stage } from '../../../core/scoring/types';
import { adminFetch, type ConsoleTenant } from '../../../test/admin';
import { rows } from '../../../test/db';
import { shapeLead } from '../../../test/delivery';
import { event, touch } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';
import { seedDeadLetterRow, seedLedgerRow } from '../../../test/ops-console';
import { ingest, leadIdOf, tracked, visitorId } from '../../../test/seed-leads';

interface Person {
  trackingId: string;
  leadId: string;
  email: string | null;
}

interface SeedOptions {
  campaign: string;
  email?: string | null;
  name?: string;
  channel?: string;
  lastCampaign?: string;
  country?: string;
  variant?: string;
  /** Time of the visit (ms). */
  at?: number;
  stage?: Stage;
  score?: number;
}

/** A visitor through the real ingest code: a landing page view, an identify, a widget event with its variant. */
async function seedPerson(tenant: ConsoleTenant, options: SeedOptions): Promise<Person> {
  const trackingId = visitorId();
  const at = options.at ?? Date.now() - 120_000;
  const first = touch({ ts: at - 1000, utm_campaign: options.campaign, channel: options.channel ?? 'paid_search' });
  const last = options.lastCampaign ? touch({ ts: at - 500, utm_campaign: options.lastCampaign, channel: 'email' }) : first;
  const email = options.email === undefined ? `p${nanoid(8).toLowerCase()}@example.com` : options.email;
  const events = [event({ tracking_id: trackingId, first_touch: first, last_touch: last, ts: at - 400 })];
  if (email !== null || options.name) {
    const traits: Record<string, string> = {};
    if (email !== null) traits.email = email;
    if (options.name) traits.name = options.name;
    events.push(event({ tracking_id: trackingId, type: 'identify', traits, first_touch: first, last_touch: last, ts: at - 300 }));
  }
  if (options.variant)
    events.push(
      tracked(trackingId, 'widget_opened', { props: { variant: options.variant }, first_touch: first, last_touch: last, ts: at }),
    );
  else events.push(event({ tracking_id: trackingId, first_touch: first, last_touch: last, ts: at }));
  await ingest(tenant, events, { country: options.country ?? 'DE' });
  const leadId = await leadIdOf(tenant, trackingId);
  if (!leadId) throw new Error('lead not stored');
  if (options.stage || options.score !== undefined)
    await shapeLead(tenant, leadId, { score: options.score ?? 0, stage: options.stage ?? 'Unqualified', version: 1 });
  return { trackingId, leadId, email };
}

interface LeadsBody {
  leads: {
    id: string;
    email: string | null;
    stage: string;
    score: number;
    country: string | null;
    variant: string | null;
    tracking_ids: string[];
  }[];
  next_cursor: string | null;
}

async function list(tenant: ConsoleTenant, query: string, role: 'viewer' | 'admin' = 'viewer'): Promise<LeadsBody> {
  const url = `/v1/admin/leads?${query}`;
  const response = await adminFetch(tenant, url, { role });
  expect(response.status, await response.clone().text()).toBe(200);
  await expectDocumentedResponse(response, 'GET', url);
  return response.json<LeadsBody>();
}

const ids = (body: LeadsBody) => body.leads.map((lead) => lead.id).sort();

describe('GET /v1/admin/leads', () => {
  it('filters by stage, score range, channel, campaign (first or last touch), variant, country and date', async () => {
    const campaign = `spring_${nanoid(6)}`;
    const hot = await seedPerson('acme', { campaign, stage: 'SQL', score: 80, country: 'PT', variant: 'b' });
    const warm = await seedPerson('acme', {
      campaign,
      stage: 'MQL',
      score: 40,
      channel: 'paid_social',
      lastCampaign: `retarget_${campaign}`,
    });
    const cold = await seedPerson('acme', { campaign, score: 5, at: Date.now() - 20 * 86_400_000, variant: 'a' });
    await seedPerson('globex', { campaign, stage: 'SQL', score: 90 });

    expect(ids(await list('acme', `campaign=${campaign}`))).toEqual([hot.leadId, warm.leadId, cold.leadId].sort());
    expect(ids(await list('acme', `campaign=${campaign}&stage=SQL`))).toEqual([hot.leadId]);
    expect(ids(await list('acme', `campaign=${campaign}&score_min=10&score_max=50`))).toEqual([warm.leadId]);
    expect(ids(await list('acme', `campaign=${campaign}&channel=paid_social`))).toEqual([warm.leadId]);
    expect(ids(await list('acme', `campaign=retarget_${campaign}&attribution=last`))).toEqual([warm.leadId]);
    expect(ids(await list('acme', `campaign=retarget_${campaign}`))).toEqual([]);
    expect(ids(await list('acme', `campaign=${campaign}&variant=b`))).toEqual([hot.leadId]);
    expect(ids(await list('acme', `campaign=${campaign}&country=pt`))).toEqual([hot.leadId]);
    const today = new Date().toISOString().slice(0, 10);
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    expect(ids(await list('acme', `campaign=${campaign}&from=${lastWeek}&to=${today}`))).toEqual([hot.leadId, warm.leadId].sort());
    const anonymous = await seedPerson('acme', { campaign, email: null });
    expect(ids(await list('acme', `campaign=${campaign}&identified=false`))).toEqual([anonymous.leadId]);
    expect(ids(await list('acme', `campaign=${campaign}&identified=true`))).toEqual([hot.leadId, warm.leadId, cold.leadId].sort());
    const [shown] = (await list('acme', `campaign=${campaign}&stage=SQL`)).leads;
    expect(shown).toMatchObject({ stage: 'SQL', score: 80, country: 'PT', variant: 'b', tracking_ids: [hot.trackingId] });
  });

  it('searches by exact email (any case), by substring of email or name, and by tracking id; merged-away leads are not listed', async () => {
    const tag = nanoid(8).toLowerCase();
    const ada = await seedPerson('acme', { campaign: tag, email: `ada.${tag}@example.com`, name: `Ada ${tag}` });
    await seedPerson('acme', { campaign: tag, email: `xada.${tag}@example.com` });
    // The same person on a second browser, identified by the same email: merged into one lead.
    const phone = visitorId();
    await ingest('acme', [event({ tracking_id: phone, type: 'identify', traits: { email: `ada.${tag}@example.com` } })]);

    const exact = await list('acme', `email=${encodeURIComponent(`ADA.${tag}@Example.com`)}`);
    expect(ids(exact)).toEqual([ada.leadId]);
    expect(exact.leads[0]?.tracking_ids.sort()).toEqual([ada.trackingId, phone].sort());
    expect((await list('acme', `q=${encodeURIComponent(`ada.${tag}`)}`)).leads).toHaveLength(2);
    expect(ids(await list('acme', `q=${encodeURIComponent(`Ada ${tag}`)}`))).toEqual([ada.leadId]);
    expect(ids(await list('acme', `q=${phone}`))).toEqual([ada.leadId]);
    expect(ids(await list('acme', `tracking_id=${phone}`))).toEqual([ada.leadId]);
    const absorbed = await rows<{ id: string }>('SELECT id FROM leads WHERE tenant_id = ? AND merged_into = ?', 'acme', ada.leadId);
    expect(absorbed).toHaveLength(1);
    expect((await list('acme', `q=${absorbed[0]?.id}`)).leads).toEqual([]);
    expect(ids(await list('acme', `q=${ada.leadId}`))).toEqual([ada.leadId]);
    // Globex cannot find acme's person.
    expect((await list('globex', `email=ada.${tag}@example.com`)).leads).toEqual([]);
  });

  it('walks every page with the cursor: no duplicates, no gaps, also across equal last_seen', async () => {
    const campaign = `pages_${nanoid(6)}`;
    const at = Date.now() - 300_000;
    const seeded: Person[] = [];
    for (let i = 0; i < 7; i++) seeded.push(await seedPerson('acme', { campaign, at: i < 4 ? at : at - i * 1000 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: LeadsBody = await list('acme', `campaign=${campaign}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...body.leads.map((lead) => lead.id));
      cursor = body.next_cursor;
      pages++;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...seen].sort()).toEqual(seeded.map((person) => person.leadId).sort());
  });

  it('refuses bad filters with validation_failed and details', async () => {
    for (const query of [
      'stage=Hot',
      'score_min=ten',
      'identified=yes',
      'limit=500',
      'cursor=bm9wZQ',
      'from=2026-13-01',
      'from=2026-01-10&to=2026-01-01',
      'from=2024-01-01&to=2026-01-01',
    ]) {
      const url = `/v1/admin/leads?${query}`;
      const response = await adminFetch('acme', url);
      expect(response.status, query).toBe(400);
      await expectDocumentedResponse(response, 'GET', url);
      const body = await response.json<{ error: { code: string; details: { issues: unknown[] } } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.issues.length).toBeGreaterThan(0);
    }
  });
});

describe('GET /v1/admin/leads/{id}', () => {
  it('answers a lead’s timeline: events, touches, answers, score, stage changes; another tenant’s id is a 404 like a missing one', async () => {
    const tag = nanoid(6);
    const person = await seedPerson('acme', { campaign: tag, name: 'Grace Hopper', variant: 'b' });
    await shapeLead('acme', person.leadId, {
      score: 45,
      stage: 'MQL',
      version: 2,
      answers: [{ question_id: 'size', value: 'mid', points: 10, at: Date.now() - 1000, event_id: 'evt_size' }],
      breakdown: [{ rule: 'contact_shared', points: 10, event_id: 'evt_contact' }],
    });
    await seedLedgerRow('acme', { id: `dlv_t_${person.leadId.slice(5)}`, leadId: person.leadId, at: Date.now() - 500, remoteId: '77' });
    await seedDeadLetterRow('acme', { leadId: person.leadId, queue: 'crm-dlq', destination: 'pipedrive', status: 422 });
    const url = `/v1/admin/leads/${person.leadId}`;
    const response = await adminFetch('acme', url, { role: 'viewer' });
    expect(response.status).toBe(200);
    await expectDocumentedResponse(response, 'GET', url);
    const body = await response.json<{
      lead: { id: string; name: string; answers: unknown[]; score_breakdown: unknown[] };
      timeline: { kind: string; at: string; summary: string }[];
      links: { chatwoot: unknown; crm: unknown[] };
      deliveries: unknown[];
      dead_letters: unknown[];
    }>();
    // The timeline's deliveries and dead letters are the very views the operations lists answer.
    const ledger = await adminFetch('acme', `/v1/admin/deliveries?lead_id=${person.leadId}`);
    expect(body.deliveries).toEqual((await ledger.json<{ deliveries: unknown[] }>()).deliveries);
    const letters = await adminFetch('acme', `/v1/admin/dead-letters?lead_id=${person.leadId}`);
    expect(body.dead_letters).toEqual((await letters.json<{ dead_letters: unknown[] }>()).dead_letters);
    expect(body.dead_letters).toEqual([expect.objectContaining({ queue: 'crm', from_dlq: true, provider_status: 422 })]);
    expect(body.lead).toMatchObject({ id: person.leadId, name: 'Grace Hopper', answers: [{ question_id: 'size' }] });
    const kinds = new Set(body.timeline.map((entry) => entry.kind));
    for (const kind of ['event', 'touch', 'answer', 'score']) expect(kinds, kind).toContain(kind);
    const times = body.timeline.map((entry) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.links).toEqual({ chatwoot: null, crm: [] });

    const globex = await seedPerson('globex', { campaign: tag });
    for (const path of [`/v1/admin/leads/${globex.leadId}`, `/v1/admin/leads/lead_${nanoid()}`]) {
      const refused = await adminFetch('acme', path);
      expect(refused.status).toBe(404);
      await expectDocumentedResponse(refused, 'GET', path);
      const envelope = await refused.json<{ error: { code: string; message: string } }>();
      expect(envelope.error).toMatchObject({ code: 'not_found', message: 'no such lead' });
    }
  });
});

describe('GET /v1/admin/leads.csv', () => {
  it('exports the filtered leads with RFC 4180 quoting and formula-injection-safe cells', async () => {
    const campaign = `csv_${nanoid(6)}`;
    const tricky = await seedPerson('acme', { campaign, name: '=HYPERLINK("http://evil.test","x"), "Ada"', score: 30, stage: 'MQL' });
    await seedPerson('acme', { campaign, name: '@SUM(A1:A2)\nsecond line' });
    await seedPerson('acme', { campaign, name: '-2+3', email: null });
    const url = `/v1/admin/leads.csv?campaign=${campaign}`;
    const response = await adminFetch('acme', url, { role: 'viewer' });
    expect(response.status).toBe(200);
    await expectDocumentedResponse(response, 'GET', url);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    const [header] = text.split('\r\n');
    expect(header).toBe(
      'id,email,name,phone,score,stage,first_touch_channel,first_touch_source,first_touch_medium,first_touch_campaign,first_touch_landing_page,last_touch_channel,last_touch_source,last_touch_medium,last_touch_campaign,last_touch_landing_page,first_seen,last_seen,country,variant',
    );
    expect(text).toContain(
      `${tricky.leadId},${tricky.email},"'=HYPERLINK(""http://evil.test"",""x""), ""Ada""",,30,MQL,paid_search,google,cpc,${campaign},`,
    );
    expect(text).toContain(`"'@SUM(A1:A2)\nsecond line"`);
    expect(text).toContain(`,,'-2+3,,0,Unqualified,`);
    expect(text.endsWith('\r\n')).toBe(true);
    // 1 header + 3 leads (one name holds a quoted line break).
    expect(text.split('\r\n').filter((line) => line !== '')).toHaveLength(4);
    const empty = await adminFetch('acme', `/v1/admin/leads.csv?campaign=none_${nanoid()}`);
    expect(await empty.text()).toBe(`${header}\r\n`);
  });
});
