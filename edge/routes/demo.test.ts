import { SELF, env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../test/fixtures';
import { DEMO_EVENT_LIMIT } from './demo';

interface Visitor {
  tracking_id: string;
  events: { event_id: string; type: string; bot: boolean; event: { url: string }; request: { country: string } }[];
  lead: {
    id: string;
    email: string | null;
    traits: Record<string, string>;
    touches: { channel: string; click_ids: Record<string, string> }[];
  } | null;
}

const SHARED_ID = 'trk_demo_visitor_shared';

/** Two tenants hold rows under the same tracking id: only the demo tenant serves the read-back. */
async function seed(tenant: string, count: number, email: string): Promise<void> {
  const now = Date.now();
  const statements = Array.from({ length: count }, (_, i) =>
    env.DB.prepare(
      'INSERT INTO raw_events (tenant_id, event_id, type, name, tracking_id, session_id, ts, received_at, bot, payload) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, 0, ?)',
    ).bind(
      tenant,
      `evt_${tenant}_${i}`,
      'page_view',
      SHARED_ID,
      'ses_demo_visitor',
      now - (count - i) * 1000,
      now,
      JSON.stringify({ event: { url: `https://${tenant}.test/page/${i}` }, request: { country: tenant === 'demo' ? 'US' : 'DE' } }),
    ),
  );
  const leadId = `lead_${tenant}_shared`;
  statements.push(
    env.DB.prepare(
      'INSERT INTO leads (id, tenant_id, email, traits, first_seen, last_seen, created_at, updated_at) VALUES (?, ?, ?, \'{"plan":"pro"}\', ?, ?, ?, ?)',
    ).bind(leadId, tenant, email, now, now, now, now),
    env.DB.prepare('INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at) VALUES (?, ?, ?, ?)').bind(
      tenant,
      SHARED_ID,
      leadId,
      now,
    ),
    env.DB.prepare(
      'INSERT INTO touches (tenant_id, tracking_id, ts, lead_id, channel, click_ids) VALUES (?, ?, ?, ?, \'paid_search\', \'{"gclid":"G-1"}\')',
    ).bind(tenant, SHARED_ID, now - 5000, leadId),
  );
  await env.DB.batch(statements);
}

describe('GET /v1/demo/visitor', () => {
  beforeAll(async () => {
    await seed('demo', DEMO_EVENT_LIMIT + 5, 'demo-visitor@example.com');
    await seed('acme', 3, 'acme-visitor@example.com');
  });

  it("returns the visitor's newest events and its lead, from its own tenant only", async () => {
    const response = await SELF.fetch(`http://localhost/v1/demo/visitor?tracking_id=${SHARED_ID}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json<Visitor>();
    expect(body.tracking_id).toBe(SHARED_ID);
    expect(body.events).toHaveLength(DEMO_EVENT_LIMIT);
    // Newest first, and never a row of the other tenant.
    expect(body.events[0]!.event_id).toBe(`evt_demo_${DEMO_EVENT_LIMIT + 4}`);
    expect(body.events.every((e) => e.event_id.startsWith('evt_demo_') && e.request.country === 'US')).toBe(true);
    expect(body.events[0]).toMatchObject({
      type: 'page_view',
      bot: false,
      event: { url: `https://demo.test/page/${DEMO_EVENT_LIMIT + 4}` },
    });
    expect(body.lead).toMatchObject({ id: 'lead_demo_shared', email: 'demo-visitor@example.com', traits: { plan: 'pro' } });
    expect(body.lead!.touches).toEqual([expect.objectContaining({ channel: 'paid_search', click_ids: { gclid: 'G-1' } })]);
  });

  it('reads the visitor from the _lt_id cookie when no tracking_id is given', async () => {
    const response = await SELF.fetch('http://localhost/v1/demo/visitor', { headers: { cookie: `_lt_id=${SHARED_ID}` } });
    expect(response.status).toBe(200);
    expect((await response.json<Visitor>()).lead?.email).toBe('demo-visitor@example.com');
  });

  it('answers an unknown visitor with no events and no lead', async () => {
    const body = await (await SELF.fetch('http://localhost/v1/demo/visitor?tracking_id=trk_nobody_here')).json<Visitor>();
    expect(body).toEqual({ tracking_id: 'trk_nobody_here', events: [], lead: null });
  });

  it('is not found for a tenant without serve_examples, even for a visitor it holds', async () => {
    const response = await SELF.fetch(`https://t.acme.test/v1/demo/visitor?tracking_id=${SHARED_ID}`, {
      headers: { origin: 'https://www.acme.test' },
    });
    expect(response.status).toBe(404);
    const body = await response.json<ErrorEnvelope>();
    expect(body.error.code).toBe('not_found');
    expect(JSON.stringify(body)).not.toContain('acme-visitor');
  });

  it('refuses a missing or malformed tracking id', async () => {
    for (const query of ['', '?tracking_id=short', '?tracking_id=has%20space%20in%20it']) {
      const response = await SELF.fetch(`http://localhost/v1/demo/visitor${query}`);
      expect(response.status).toBe(400);
      expect((await response.json<ErrorEnvelope>()).error.details?.issues?.[0]?.path).toBe('tracking_id');
    }
  });
});
