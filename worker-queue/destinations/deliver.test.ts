import { describe, expect, it, vi } from 'vitest';
import { routeFetch } from '../../test/fakes/fetch';
import { rows } from '../../test/db';
import { deliveryMessage, runBatch, seedLead } from '../../test/delivery';

interface DeadLetterRow {
  queue: string;
  destination: string | null;
  lead_id: string | null;
  status: number | null;
  error: string;
}

async function deadLetterOf(messageId: string | undefined): Promise<DeadLetterRow | undefined> {
  const [row] = await rows<DeadLetterRow>(
    'SELECT queue, destination, lead_id, status, error FROM dead_letters WHERE message_id = ?',
    messageId,
  );
  return row;
}

describe('the delivery loop', () => {
  it('dead-letters a malformed message at once, without retrying it', async () => {
    const { messages, result } = await runBatch('chatwoot', [{ v: 1, tenant_id: 'chat-a', destination: 'chatwoot' }]);
    expect(result.acks).toEqual([messages[0]?.id]);
    expect(result.retries).toEqual([]);
    expect((await deadLetterOf(messages[0]?.id))?.error).toMatch(/^malformed delivery message/);
  });

  it('dead-letters a message for a destination its queue does not deliver', async () => {
    const { messages } = await runBatch('chatwoot', [deliveryMessage('chat-a', 'lead_nobody', { destination: 'hubspot' })]);
    expect((await deadLetterOf(messages[0]?.id))?.error).toContain('is not delivered from queue "chatwoot"');
  });

  it('dead-letters a delivery whose secret is not set, naming it', async () => {
    const lead = await seedLead('chat-a');
    const { messages, result } = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)], {
      env: { CHATWOOT_TOKEN_CHAT_A: '' },
    });
    expect(result.retries).toEqual([]);
    expect((await deadLetterOf(messages[0]?.id))?.error).toContain('secret CHATWOOT_TOKEN_CHAT_A is not set');
  });

  it('acks a message for a lead that no longer exists', async () => {
    const { result } = await runBatch('chatwoot', [deliveryMessage('chat-a', 'lead_deletedlead')]);
    expect(result.acks).toHaveLength(1);
  });

  it('the DLQ consumer stores the destination, the lead and the last provider status recorded on its claim', async () => {
    const lead = await seedLead('chat-a');
    // A retryable failure first: Chatwoot answers 503, which the loop records on the lead's claim…
    routeFetch({ 'chatwoot.test': async () => new Response('{"error":"maintenance"}', { status: 503 }) });
    try {
      const first = await runBatch('chatwoot', [deliveryMessage('chat-a', lead.leadId)]);
      expect(first.result.retries).toHaveLength(1);
    } finally {
      vi.unstubAllGlobals();
    }
    // …then the queue gives up and hands the message to the DLQ.
    const body = deliveryMessage('chat-a', lead.leadId);
    const { messages, result } = await runBatch('chatwoot-dlq', [body], { attempts: 9 });
    expect(result.acks).toHaveLength(1);
    const stored = await deadLetterOf(messages[0]?.id);
    expect(stored).toMatchObject({ queue: 'chatwoot-dlq', destination: 'chatwoot', lead_id: lead.leadId, status: 503 });
    expect(stored?.error).toMatch(/retries ran out; last failure: chatwoot get-account-custom-attribute answered 503/);
  });
});
