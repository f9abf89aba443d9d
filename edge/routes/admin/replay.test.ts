/**
 * The console's replay button, end to end: a webhook delivery refused by the receiver becomes a dead letter in the
 * real `crm` consumer; POST /v1/admin/replay re-enqueues it; the re-sent message runs through the real consumer
 * to the receiver fake, which records exactly one delivery; a second replay finds nothing to do.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rows } from '../../../test/db';
import { runBatch, seedLead } from '../../../test/delivery';
import { routeFetch } from '../../../test/fakes/fetch';
import { WebhookReceiverFake } from '../../../test/fakes/webhook-receiver';
import { recordingQueue } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';
import { consoleCall, newLeadId, seedDeadLetterRow } from '../../../test/ops-console';
import { TEST_SECRETS } from '../../../test/tenants';

const HOOK = 'https://hooks.ops-a.test/leadtrail';
let receiver: WebhookReceiverFake;

beforeEach(() => {
  receiver = new WebhookReceiverFake(HOOK, TEST_SECRETS.WEBHOOK_SECRET_OPS_A);
  routeFetch({ 'hooks.ops-a.test': receiver.handle });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function replay(tenant: string, body: unknown, role: 'viewer' | 'admin' = 'admin', queue = recordingQueue()) {
  const response = await consoleCall(tenant, '/v1/admin/replay', { method: 'POST', body, role }, { CRM_QUEUE: queue });
  await expectDocumentedResponse(response, 'POST', '/v1/admin/replay');
  return { response, queue };
}

async function openDeadLetter(leadId: string) {
  return rows<{ id: string; replayed_at: number | null; status: number | null }>(
    'SELECT id, replayed_at, status FROM dead_letters WHERE tenant_id = ? AND lead_id = ?',
    'ops-a',
    leadId,
  );
}

describe('POST /v1/admin/replay', () => {
  it('re-delivers a dead letter exactly once through the real crm consumer; a viewer changes nothing; a second replay does nothing', async () => {
    const lead = await seedLead('ops-a');
    const message = {
      v: 1,
      tenant_id: 'ops-a',
      destination: 'webhook',
      target: 0,
      lead_id: lead.leadId,
      lead_version: 1,
      type: 'lead.upserted',
    };
    receiver.faults.inject({ kind: 'status', status: 403, body: { error: 'endpoint disabled' } });
    const failed = await runBatch('crm', [message]);
    expect(failed.result.retries).toEqual([]);
    const [dead] = await openDeadLetter(lead.leadId);
    expect(dead).toMatchObject({ replayed_at: null, status: 403 });
    expect(receiver.received.size).toBe(0);
    const id = dead?.id ?? '';

    // The console shows it with the receiver's answer.
    const listed = await consoleCall('ops-a', `/v1/admin/dead-letters?lead_id=${lead.leadId}&status=open`, { role: 'viewer' });
    await expectDocumentedResponse(listed, 'GET', '/v1/admin/dead-letters');
    expect((await listed.json<{ dead_letters: unknown[] }>()).dead_letters).toEqual([
      expect.objectContaining({ id, destination: 'webhook', provider_status: 403, provider_body: '{"error":"endpoint disabled"}' }),
    ]);

    // A viewer may look, not act: 403, nothing marked, nothing enqueued.
    const refused = await replay('ops-a', { id }, 'viewer');
    expect(refused.response.status).toBe(403);
    expect((await refused.response.json<{ error: { code: string } }>()).error.code).toBe('forbidden');
    expect(refused.queue.sent).toEqual([]);
    expect((await openDeadLetter(lead.leadId))[0]?.replayed_at).toBeNull();

    const first = await replay('ops-a', { id });
    expect(first.response.status).toBe(200);
    expect(await first.response.json()).toEqual({ replayed: [id], failed: [] });
    expect(first.queue.sent).toEqual([expect.objectContaining({ lead_id: lead.leadId, destination: 'webhook', replay_of: id })]);
    const delivered = await runBatch('crm', first.queue.sent);
    expect(delivered.result.retries).toEqual([]);
    expect(receiver.received.size).toBe(1);
    expect([...receiver.received.values()][0]?.body.lead.id).toBe(lead.leadId);

    const second = await replay('ops-a', { lead_id: lead.leadId });
    expect(await second.response.json()).toEqual({ replayed: [], failed: [] });
    expect(second.queue.sent).toEqual([]);
    // Even the same message delivered again (a queue redelivery) makes no second call: the ledger has it.
    await runBatch('crm', first.queue.sent);
    expect(receiver.received.size).toBe(1);
    expect(receiver.requests.filter((request) => request.method === 'POST')).toHaveLength(2); // the refused one and the replay

    const ledger = await consoleCall('ops-a', `/v1/admin/deliveries?lead_id=${lead.leadId}`, { role: 'viewer' });
    await expectDocumentedResponse(ledger, 'GET', '/v1/admin/deliveries');
    expect((await ledger.json<{ deliveries: unknown[] }>()).deliveries).toEqual([
      expect.objectContaining({ destination: 'webhook', lead_id: lead.leadId, status: 'delivered', replay_of: id }),
    ]);
  });

  it('answers 404 for another tenant’s dead letter id and leaves it unreplayed', async () => {
    const theirs = await seedDeadLetterRow('globex', { leadId: newLeadId() });
    const { response, queue } = await replay('acme', { id: theirs });
    expect(response.status).toBe(404);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe('not_found');
    expect(queue.sent).toEqual([]);
    const [row] = await rows<{ replayed_at: number | null }>('SELECT replayed_at FROM dead_letters WHERE id = ?', theirs);
    expect(row?.replayed_at).toBeNull();
    // By lead: acme has none of globex's, so nothing is replayed.
    const byLead = await rows<{ lead_id: string }>('SELECT lead_id FROM dead_letters WHERE id = ?', theirs);
    const other = await replay('acme', { lead_id: byLead[0]?.lead_id });
    expect(await other.response.json()).toEqual({ replayed: [], failed: [] });
    expect(
      (await rows<{ replayed_at: number | null }>('SELECT replayed_at FROM dead_letters WHERE id = ?', theirs))[0]?.replayed_at,
    ).toBeNull();
  });

  it('replays all of a destination’s, and says which could not be sent', async () => {
    const leadId = newLeadId();
    const one = await seedDeadLetterRow('acme', { leadId, destination: 'pipedrive' });
    const two = await seedDeadLetterRow('acme', { leadId, destination: 'pipedrive' });
    const down = await replay('acme', { destination: 'pipedrive', lead_id: leadId }, 'admin', recordingQueue({ fail: true }));
    const body = await down.response.json<{ replayed: string[]; failed: { id: string; error: string }[] }>();
    expect(body.replayed).toEqual([]);
    expect(body.failed.map((item) => item.id).sort()).toEqual([one, two].sort());
    expect(body.failed[0]?.error).toContain('simulated outage');
    const up = await replay('acme', { destination: 'pipedrive', lead_id: leadId });
    expect((await up.response.json<{ replayed: string[] }>()).replayed.sort()).toEqual([one, two].sort());
    expect(up.queue.sent).toHaveLength(2);
  });

  it('refuses a body without a filter, an unknown field or bad JSON', async () => {
    for (const body of [{}, { destination: 'fax' }, { id: 'nope' }, { tenant: 'acme', lead_id: 'lead_x' }, '{not json']) {
      const { response, queue } = await replay('acme', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(queue.sent).toEqual([]);
    }
  });
});
