import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import { rows } from '../../../test/db';
import { callWorker, recordingQueue } from '../../../test/fixtures';

function replay(host: string, body: unknown, token: string | null = 'test-ops-token', overrides: Partial<Env> = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return callWorker(new Request(`https://${host}/v1/ops/replay`, { method: 'POST', headers, body: JSON.stringify(body) }), overrides);
}

async function seedDeadLetter(tenantId: string, leadId: string): Promise<string> {
  // Written like the delivery loop writes them (edge/ tests do not import worker-queue/).
  const id = `dl_${nanoid(16).replace(/[^A-Za-z0-9]/g, 'x')}`;
  const body = { v: 1, tenant_id: tenantId, destination: 'chatwoot', target: 0, lead_id: leadId, lead_version: 1, type: 'lead.upserted' };
  await env.DB.prepare(
    `INSERT INTO dead_letters (id, tenant_id, queue, message_id, body, attempts, error, created_at, destination, target, lead_id, status)
     VALUES (?, ?, 'chatwoot', ?, ?, 1, 'chatwoot answered 401', ?, 'chatwoot', 0, ?, 401)`,
  )
    .bind(id, tenantId, nanoid(), JSON.stringify(body), Date.now(), leadId)
    .run();
  return id;
}

describe('POST /v1/ops/replay', () => {
  it('answers 401 without the OPS_TOKEN bearer', async () => {
    for (const token of [null, 'wrong-token']) {
      const response = await replay('t.chat-a.test', { lead_id: 'lead_x' }, token);
      expect(response.status).toBe(401);
      expect((await response.json<{ error: { code: string } }>()).error.code).toBe('unauthorized');
    }
  });

  it('needs a filter, and a tenant in the body must be the Host’s', async () => {
    expect((await replay('t.chat-a.test', {})).status).toBe(400);
    expect((await replay('t.chat-a.test', { tenant: 'chat-b', lead_id: 'lead_x' })).status).toBe(400);
    expect((await replay('t.chat-a.test', { destination: 'fax' })).status).toBe(400);
  });

  it('re-enqueues the host tenant’s matching dead letters once, with replay_of, and never another tenant’s', async () => {
    const leadId = `lead_${nanoid(12).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const mine = await seedDeadLetter('chat-a', leadId);
    const theirs = await seedDeadLetter('chat-b', leadId);
    const queue = recordingQueue();
    const response = await replay('t.chat-a.test', { tenant: 'chat-a', lead_id: leadId }, 'test-ops-token', { CHATWOOT_QUEUE: queue });
    expect(response.status).toBe(200);
    const result = await response.json<{ replayed: { id: string }[]; failed: string[] }>();
    expect(result.replayed.map((item) => item.id)).toEqual([mine]);
    expect(queue.sent).toEqual([expect.objectContaining({ tenant_id: 'chat-a', lead_id: leadId, replay_of: mine })]);
    const again = await (
      await replay('t.chat-a.test', { lead_id: leadId }, 'test-ops-token', { CHATWOOT_QUEUE: queue })
    ).json<{ replayed: unknown[] }>();
    expect(again.replayed).toEqual([]);
    const [other] = await rows<{ replayed_at: number | null }>('SELECT replayed_at FROM dead_letters WHERE id = ?', theirs);
    expect(other?.replayed_at).toBeNull();
  });

  it('leaves dead letters unreplayed when the queue send fails', async () => {
    const leadId = `lead_${nanoid(12).replace(/[^A-Za-z0-9]/g, 'x')}`;
    const id = await seedDeadLetter('chat-a', leadId);
    const response = await replay('t.chat-a.test', { id }, 'test-ops-token', { CHATWOOT_QUEUE: recordingQueue({ fail: true }) });
    expect(await response.json()).toMatchObject({ replayed: [], failed: [id] });
    const [row] = await rows<{ replayed_at: number | null }>('SELECT replayed_at FROM dead_letters WHERE id = ?', id);
    expect(row?.replayed_at).toBeNull();
  });
});
