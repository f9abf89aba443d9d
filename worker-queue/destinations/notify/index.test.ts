import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryMessage } from '../../../core/messages';
import { notifyConsumer } from './index';

function batchOf(bodies: DeliveryMessage[]) {
  const messages = bodies.map((body, i) => ({
    id: `m-${crypto.randomUUID()}-${i}`,
    timestamp: new Date(),
    body,
    attempts: 1,
    ack: vi.fn(),
    retry: vi.fn(),
  }));
  return { queue: 'notify', messages, ackAll: vi.fn(), retryAll: vi.fn() };
}

async function seedLead(leadId: string, conversationId = 41) {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO leads (id, tenant_id, email, name, first_seen, last_seen, score, stage, version, created_at, updated_at)
       VALUES (?, 'notify-a', ?, 'Jane Doe', ?, ?, 72, 'SQL', 3, ?, ?)`,
    ).bind(leadId, `${leadId}@example.com`, now, now, now, now),
    env.DB.prepare(`INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at) VALUES ('notify-a', ?, ?, ?)`).bind(
      `trk_${leadId}`,
      leadId,
      now,
    ),
    env.DB.prepare(
      `INSERT INTO chatwoot_links (tenant_id, lead_id, account_id, conversation_id, created_at, updated_at) VALUES ('notify-a', ?, 4, ?, ?, ?)`,
    ).bind(leadId, conversationId, now, now),
  ]);
}

afterEach(() => vi.restoreAllMocks());

describe('notify destination (scratch merge with delivery)', () => {
  it('posts once per stage change, with the conversation link; a redelivery is a no-op; stages filter per target', async () => {
    const leadId = `lead_notify_${Date.now()}`;
    await seedLead(leadId);
    const calls: { url: string; body: unknown }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls.push({ url: String(input), body: JSON.parse(String(init?.body)) });
      return new Response('ok', { status: 200 });
    });
    const change = { from: 'MQL' as const, to: 'SQL' as const, score: 72, at: Date.now() };
    const message = (target: number): DeliveryMessage => ({
      v: 1,
      tenant_id: 'notify-a',
      destination: 'notify',
      target,
      lead_id: leadId,
      lead_version: 3,
      type: 'lead.stage_changed',
      stage_change: change,
    });
    const first = batchOf([message(0), message(1)]);
    await notifyConsumer(first as unknown as MessageBatch<unknown>, env);
    expect(first.messages.map((m) => m.ack.mock.calls.length)).toEqual([1, 1]);
    expect(calls.map((call) => call.url)).toEqual(['https://hooks.slack.test/services/T0/B0/x', 'https://teams.test/workflows/hook']);
    expect(JSON.stringify(calls[0]?.body)).toContain('https://chat.notify-a.test/app/accounts/4/conversations/41');
    expect(calls[1]?.body).toMatchObject({ type: 'message' });

    const again = batchOf([message(0)]);
    await notifyConsumer(again as unknown as MessageBatch<unknown>, env);
    expect(calls).toHaveLength(2);

    const toMql = batchOf([{ ...message(1), stage_change: { ...change, from: 'SQL', to: 'MQL', at: change.at + 1 } }]);
    await notifyConsumer(toMql as unknown as MessageBatch<unknown>, env);
    expect(calls).toHaveLength(2); // the teams target only wants SQL
  });

  it('retries a 429 with its Retry-After and dead-letters a 404', async () => {
    const leadId = `lead_notify_r_${Date.now()}`;
    await seedLead(leadId, 42);
    const change = { from: 'Unqualified' as const, to: 'MQL' as const, score: 35, at: Date.now() };
    const body: DeliveryMessage = {
      v: 1,
      tenant_id: 'notify-a',
      destination: 'notify',
      target: 0,
      lead_id: leadId,
      lead_version: 3,
      type: 'lead.stage_changed',
      stage_change: change,
    };
    vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response('slow down', { status: 429, headers: { 'retry-after': '120' } }));
    const limited = batchOf([body]);
    await notifyConsumer(limited as unknown as MessageBatch<unknown>, env);
    expect(limited.messages[0]?.retry).toHaveBeenCalledWith({ delaySeconds: expect.any(Number) });
    expect(limited.messages[0]?.retry.mock.calls[0]?.[0].delaySeconds).toBeGreaterThanOrEqual(120);

    vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response('no_service', { status: 404 }));
    const gone = batchOf([body]);
    await notifyConsumer(gone as unknown as MessageBatch<unknown>, env);
    expect(gone.messages[0]?.ack).toHaveBeenCalled();
    const dead = await env.DB.prepare(`SELECT * FROM dead_letters WHERE tenant_id = 'notify-a' AND message_id = ?`)
      .bind(gone.messages[0]?.id)
      .all();
    expect(dead.results).toHaveLength(1);
  });
});
