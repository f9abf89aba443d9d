import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestMessages } from '../worker-queue/ingest/consume';
import type { ClientEvent, EventMessage } from './events';
import { openLibsqlDatabase } from './libsql';

const dir = mkdtempSync(join(tmpdir(), 'leadtrail-libsql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function message(eventId: string, trackingId: string, extra: Partial<ClientEvent> = {}): EventMessage {
  const ts = Date.now() - 1000;
  const touch = {
    ts: ts - 5000,
    channel: 'paid_search',
    utm_source: 'google',
    utm_medium: 'cpc',
    utm_campaign: 'libsql',
    click_ids: { gclid: 'g1' },
  };
  return {
    v: 1,
    tenant_id: 'acme',
    events: [
      {
        ts,
        event: {
          event_id: eventId,
          type: 'page_view',
          ts,
          tracking_id: trackingId,
          session_id: 'session-1',
          first_touch: touch,
          last_touch: touch,
          ...extra,
        },
      },
    ],
    request: {
      received_at: ts,
      ip_hash: null,
      country: null,
      region: null,
      city: null,
      asn: null,
      user_agent: null,
      browser: null,
      os: null,
      device: null,
      bot: false,
    },
  };
}

describe('the drizzle schema on libSQL (local file)', () => {
  it('migrates and runs the ingest pipeline: dedupe, lead, touches, merge by email', async () => {
    const client = createClient({ url: `file:${join(dir, 'leadtrail.db')}` });
    const db = await openLibsqlDatabase(client);
    const now = Date.now();
    const batch = [
      message('evt-libsql-1', 'trk-libsql-a'),
      message('evt-libsql-2', 'trk-libsql-a', { type: 'identify', traits: { email: 'lib@example.com' } }),
    ];
    await ingestMessages(db, batch, now);
    await ingestMessages(db, batch, now); // redelivery
    await ingestMessages(db, [message('evt-libsql-3', 'trk-libsql-b', { type: 'identify', traits: { email: 'lib@example.com' } })], now);

    const events = await client.execute("SELECT count(*) AS n FROM raw_events WHERE tenant_id = 'acme'");
    expect(events.rows[0]?.n).toBe(3);
    const aliases = await client.execute("SELECT DISTINCT lead_id FROM lead_aliases WHERE tenant_id = 'acme'");
    expect(aliases.rows).toHaveLength(1);
    const lead = await client.execute({ sql: 'SELECT email, first_touch FROM leads WHERE id = ?', args: [aliases.rows[0]?.lead_id ?? ''] });
    expect(lead.rows[0]?.email).toBe('lib@example.com');
    expect(JSON.parse(String(lead.rows[0]?.first_touch)).utm_campaign).toBe('libsql');
    client.close();
  });
});
