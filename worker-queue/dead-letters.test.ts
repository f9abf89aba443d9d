import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { describe, expect, it } from 'vitest';
import worker from '../worker';
import { rows } from '../test/db';

async function deliver(queue: string, bodies: unknown[]) {
  const messages = bodies.map((body) => ({ id: nanoid(), timestamp: new Date(), attempts: 6, body }));
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return { messages, result: await getQueueResult(batch, ctx) };
}

describe('dead-letter queues', () => {
  it('persist every message with its tenant, queue and attempts, once', async () => {
    const body = { v: 1, tenant_id: 'globex', ts: 1, event: { event_id: 'abcdefgh' } };
    const { messages, result } = await deliver('events-dlq', [body]);
    expect(result.ackAll).toBe(true);
    const id = messages[0]?.id;
    const stored = await rows<{ tenant_id: string; queue: string; attempts: number; body: string }>(
      'SELECT tenant_id, queue, attempts, body FROM dead_letters WHERE message_id = ?',
      id,
    );
    expect(stored).toEqual([{ tenant_id: 'globex', queue: 'events-dlq', attempts: 6, body: JSON.stringify(body) }]);

    // The DLQ redelivers the same message: still one row.
    const again = createMessageBatch('events-dlq', messages);
    const ctx = createExecutionContext();
    await worker.queue(again, env, ctx);
    await getQueueResult(again, ctx);
    expect(await rows('SELECT 1 FROM dead_letters WHERE message_id = ?', id)).toHaveLength(1);
  });

  it('keep destination messages their consumer cannot read instead of dropping them', async () => {
    const { messages } = await deliver('crm', [{ tenant_id: 'acme', lead_id: 'lead_x' }]);
    const [stored] = await rows<{ queue: string; error: string }>(
      'SELECT queue, error FROM dead_letters WHERE message_id = ?',
      messages[0]?.id,
    );
    expect(stored?.queue).toBe('crm');
    expect(stored?.error).toContain('malformed delivery message');
  });
});

describe('the queue map', () => {
  it('throws on a queue it does not know, so the platform retries instead of a guessed consumer acking', async () => {
    const batch = createMessageBatch('events-staging', [{ id: nanoid(), timestamp: new Date(), attempts: 1, body: {} }]);
    await expect(worker.queue(batch, env, createExecutionContext())).rejects.toThrow(/no consumer for queue "events-staging"/);
  });
});
