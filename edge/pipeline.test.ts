import { SELF } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import { rows, waitFor } from '../test/db';
import { batch, event } from '../test/fixtures';

describe('collector → events queue → ingest consumer → D1 (real queue, no shortcuts)', () => {
  it('stores a posted batch exactly once even when the client sends it twice', async () => {
    const trackingId = `trk_${nanoid()}`;
    const body = JSON.stringify(
      batch([
        event({ tracking_id: trackingId }),
        event({ tracking_id: trackingId, type: 'identify', traits: { email: `${nanoid(8).toLowerCase()}@example.com` } }),
      ]),
    );
    const post = () =>
      SELF.fetch('https://t.acme.test/v1/events', {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          origin: 'https://www.acme.test',
          'user-agent':
            'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
        },
        body,
      });
    expect((await post()).status).toBe(202);
    expect((await post()).status).toBe(202);
    const stored = await waitFor(
      () => rows<{ type: string }>('SELECT type FROM raw_events WHERE tenant_id = ? AND tracking_id = ? ORDER BY type', 'acme', trackingId),
      (found) => found.length >= 2,
    );
    expect(stored.map((row) => row.type)).toEqual(['identify', 'page_view']);
    const lead = await waitFor(
      () =>
        rows<{ email: string | null }>(
          'SELECT l.email FROM leads l JOIN lead_aliases a ON a.lead_id = l.id AND a.tenant_id = l.tenant_id WHERE a.tenant_id = ? AND a.tracking_id = ?',
          'acme',
          trackingId,
        ),
      (found) => found[0]?.email != null,
    );
    expect(lead[0]?.email).toMatch(/@example\.com$/);
    // Nothing leaked into another tenant.
    expect(await rows('SELECT 1 FROM raw_events WHERE tenant_id != ? AND tracking_id = ?', 'acme', trackingId)).toHaveLength(0);
  });
});
