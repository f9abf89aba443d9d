import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { expectDocumentedResponse } from '../../../test/openapi-responses';
import { consoleCall, newLeadId, seedLedgerRow } from '../../../test/ops-console';

interface Page {
  deliveries: { id: string; lead_id: string; destination: string; status: string; remote_id: string | null; created_at: string }[];
  next_cursor: string | null;
}

async function list(tenant: string, query: string, role: 'viewer' | 'admin' = 'viewer') {
  const path = `/v1/admin/deliveries${query}`;
  const response = await consoleCall(tenant, path, { role });
  await expectDocumentedResponse(response, 'GET', path);
  return response;
}

describe('GET /v1/admin/deliveries', () => {
  it('pages one lead’s ledger newest first with a keyset cursor: every row once, then next_cursor null', async () => {
    const leadId = newLeadId();
    const base = Date.now() - 60_000;
    // Five rows, two sharing a timestamp (the id breaks the tie), on two destinations.
    const ids = ['dlv_a1', 'dlv_a2', 'dlv_a3', 'dlv_a4', 'dlv_a5'].map((id) => `${id}_${leadId.slice(5)}`);
    const times = [base, base + 1000, base + 1000, base + 2000, base + 3000];
    for (const [index, id] of ids.entries()) {
      await seedLedgerRow('acme', {
        id,
        leadId,
        at: times[index] ?? base,
        destination: index % 2 ? 'webhook' : 'hubspot',
        remoteId: `r${index}`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await list('acme', `?lead_id=${leadId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      const body = await response.json<Page>();
      expect(body.deliveries.length).toBeLessThanOrEqual(2);
      seen.push(...body.deliveries.map((row) => row.id));
      cursor = body.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    // Newest first; the two rows of one millisecond in id order, descending.
    expect(seen).toEqual([ids[4], ids[3], ids[2], ids[1], ids[0]]);
  });

  it('filters by destination and status, and shows what the destination created', async () => {
    const leadId = newLeadId();
    await seedLedgerRow('acme', { id: `dlv_h_${leadId.slice(5)}`, leadId, at: Date.now() - 5000, destination: 'hubspot', remoteId: '901' });
    await seedLedgerRow('acme', { id: `dlv_w_${leadId.slice(5)}`, leadId, at: Date.now() - 4000, destination: 'webhook' });
    const response = await list('acme', `?lead_id=${leadId}&destination=hubspot&status=delivered`);
    const body = await response.json<Page>();
    expect(body.deliveries).toEqual([
      expect.objectContaining({ destination: 'hubspot', status: 'delivered', remote_id: '901', lead_id: leadId, provider_status: null }),
    ]);
    expect(body.next_cursor).toBeNull();
  });

  it('never shows another tenant’s ledger: globex’s rows and lead ids stay invisible through acme', async () => {
    const leadId = newLeadId();
    await seedLedgerRow('globex', { id: `dlv_g_${leadId.slice(5)}`, leadId, at: Date.now() });
    const viaAcme = await (await list('acme', `?lead_id=${leadId}`)).json<Page>();
    expect(viaAcme.deliveries).toEqual([]);
    const allAcme = await (await list('acme', '?limit=200')).json<Page>();
    expect(allAcme.deliveries.map((row) => row.id)).not.toContain(`dlv_g_${leadId.slice(5)}`);
    const viaGlobex = await (await list('globex', `?lead_id=${leadId}`)).json<Page>();
    expect(viaGlobex.deliveries.map((row) => row.id)).toEqual([`dlv_g_${leadId.slice(5)}`]);
  });

  it('refuses bad filters, limits and cursors with validation_failed naming the field', async () => {
    for (const [query, field] of [
      ['?destination=fax', 'destination'],
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?status=failed', 'status'],
      ['?cursor=not-a-cursor', 'cursor'],
      ['?lead=lead_x', 'lead'],
    ] as const) {
      const response = await list('acme', query);
      expect(response.status, query).toBe(400);
      const body = await response.json<{ error: { code: string; details: { issues: { path: string }[] } } }>();
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details.issues[0]?.path).toBe(field);
    }
  });

  it('answers 401 without a token (the door runs on every admin route)', async () => {
    const response = await SELF.fetch('https://t.acme.test/v1/admin/deliveries');
    await expectDocumentedResponse(response, 'GET', '/v1/admin/deliveries');
    expect(response.status).toBe(401);
  });
});
