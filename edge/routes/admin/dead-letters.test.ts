import { describe, expect, it } from 'vitest';
import { expectDocumentedResponse } from '../../../test/openapi-responses';
import { consoleCall, newLeadId, seedDeadLetterRow } from '../../../test/ops-console';

interface Page {
  dead_letters: {
    id: string;
    queue: string;
    destination: string | null;
    lead_id: string | null;
    status: 'open' | 'replayed';
    provider_status: number | null;
    provider_body: string | null;
    replayed_at: string | null;
    from_dlq: boolean;
  }[];
  next_cursor: string | null;
}

async function list(tenant: string, query: string) {
  const path = `/v1/admin/dead-letters${query}`;
  const response = await consoleCall(tenant, path, { role: 'viewer' });
  await expectDocumentedResponse(response, 'GET', path);
  return response;
}

describe('GET /v1/admin/dead-letters', () => {
  it('shows the provider’s status and body, and filters open | replayed and by destination', async () => {
    const leadId = newLeadId();
    const open = await seedDeadLetterRow('acme', { leadId, status: 422, body: '{"message":"Property lt_score does not exist"}' });
    const replayed = await seedDeadLetterRow('acme', {
      leadId,
      destination: 'webhook',
      replayedAt: Date.now(),
      queue: 'crm-dlq',
      status: 500,
    });
    const all = await (await list('acme', `?lead_id=${leadId}`)).json<Page>();
    expect(all.dead_letters.map((row) => row.id).sort()).toEqual([open, replayed].sort());
    const openOnly = await (await list('acme', `?lead_id=${leadId}&status=open`)).json<Page>();
    expect(openOnly.dead_letters).toEqual([
      expect.objectContaining({
        id: open,
        queue: 'crm',
        destination: 'hubspot',
        status: 'open',
        provider_status: 422,
        provider_body: '{"message":"Property lt_score does not exist"}',
        replayed_at: null,
        from_dlq: false,
      }),
    ]);
    const replayedOnly = await (await list('acme', `?lead_id=${leadId}&status=replayed&destination=webhook`)).json<Page>();
    expect(replayedOnly.dead_letters).toEqual([
      expect.objectContaining({ id: replayed, queue: 'crm', status: 'replayed', from_dlq: true }),
    ]);
    expect((await (await list('acme', `?lead_id=${leadId}&destination=pipedrive`)).json<Page>()).dead_letters).toEqual([]);
  });

  it('pages newest first with a cursor, every dead letter once', async () => {
    const leadId = newLeadId();
    const base = Date.now() - 10_000;
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push(await seedDeadLetterRow('acme', { leadId, at: base + index * 1000 }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: Page = await (await list('acme', `?lead_id=${leadId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json<Page>();
      seen.push(...body.dead_letters.map((row) => row.id));
      cursor = body.next_cursor;
    } while (cursor !== null && seen.length < 20);
    expect(seen).toEqual([...ids].reverse());
  });

  it('never shows another tenant’s dead letters', async () => {
    const leadId = newLeadId();
    const theirs = await seedDeadLetterRow('globex', { leadId });
    expect((await (await list('acme', `?lead_id=${leadId}`)).json<Page>()).dead_letters).toEqual([]);
    const acmeAll = await (await list('acme', '?limit=200')).json<Page>();
    expect(acmeAll.dead_letters.map((row) => row.id)).not.toContain(theirs);
    expect((await (await list('globex', `?lead_id=${leadId}`)).json<Page>()).dead_letters.map((row) => row.id)).toEqual([theirs]);
  });

  it('refuses an unknown status with validation_failed', async () => {
    const response = await list('acme', '?status=closed');
    expect(response.status).toBe(400);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe('validation_failed');
  });
});
