import { describe, expect, it } from 'vitest';
import { callWorker, event, recordingQueue, requestContext } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

const DAY = 86_400_000;

function backfill(body: unknown, token: string | null = 'test-ops-token', overrides: Partial<Env> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return callWorker(new Request('https://t.acme.test/v1/ops/backfill', { method: 'POST', headers, body: JSON.stringify(body) }), overrides);
}

function oldMessage(ageDays: number) {
  const view = event({ ts: Date.now() - ageDays * DAY });
  return { request: requestContext({ received_at: view.ts }), events: [{ ts: view.ts, event: view }] };
}

describe('POST /v1/ops/backfill', () => {
  it('queues events older than the collector’s 7-day window for the Host’s tenant', async () => {
    const queue = recordingQueue();
    const response = await backfill({ messages: [oldMessage(40), oldMessage(59)] }, 'test-ops-token', { EVENTS_QUEUE: queue });
    await expectDocumentedResponse(response, 'POST', '/v1/ops/backfill');
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ tenant: 'acme', queued_messages: 2, queued_events: 2 });
    expect(queue.sent).toEqual([
      expect.objectContaining({ v: 1, tenant_id: 'acme' }),
      expect.objectContaining({ v: 1, tenant_id: 'acme' }),
    ]);
  });

  it('refuses without the OPS_TOKEN and queues nothing', async () => {
    const queue = recordingQueue();
    const response = await backfill({ messages: [oldMessage(40)] }, 'wrong', { EVENTS_QUEUE: queue });
    await expectDocumentedResponse(response, 'POST', '/v1/ops/backfill');
    expect(response.status).toBe(401);
    expect(queue.sent).toEqual([]);
  });

  it('is all or nothing: one invalid event queues nothing and names its path; a tenant_id in the body is ignored', async () => {
    const queue = recordingQueue();
    const bad = oldMessage(3);
    const broken = { ...bad, events: [{ ts: bad.events[0]?.ts, event: { ...bad.events[0]?.event, tracking_id: '' } }] };
    const response = await backfill({ messages: [oldMessage(40), broken] }, 'test-ops-token', { EVENTS_QUEUE: queue });
    await expectDocumentedResponse(response, 'POST', '/v1/ops/backfill');
    expect(response.status).toBe(400);
    const body = await response.json<{ error: { code: string; details: { issues: { path: string }[] } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.issues[0]?.path).toMatch(/^messages\.1\.events\.0\.event\.tracking_id/);
    expect(queue.sent).toEqual([]);

    const smuggled = { ...oldMessage(10), tenant_id: 'globex' };
    const accepted = await backfill({ messages: [smuggled] }, 'test-ops-token', { EVENTS_QUEUE: queue });
    expect(accepted.status).toBe(202);
    expect(queue.sent).toEqual([expect.objectContaining({ tenant_id: 'acme' })]);
  });
});
