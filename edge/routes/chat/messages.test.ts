import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX } from '../../../core/chat/store';
import { chatRequest, chatVisitor, issueToken } from '../../../test/chat';
import { rows } from '../../../test/db';
import { type ErrorEnvelope, callWorker, recordingQueue } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function post(body: unknown, queue = recordingQueue()): Promise<Response> {
  const response = await callWorker(chatRequest('POST', '/v1/chat/messages', body), { CHAT_QUEUE: queue });
  await expectDocumentedResponse(response, 'POST', '/v1/chat/messages');
  return response;
}

describe('POST /v1/chat/messages', () => {
  it('stores the message and queues it once per client_id: a retried or offline-queued resend is the same message', async () => {
    const { trackingId } = await chatVisitor();
    const token = await issueToken(trackingId);
    const queue = recordingQueue();
    const first = await post({ token, client_id: 'msg_0000000001', text: '  Hi, is there a free plan?  ' }, queue);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ client_id: 'msg_0000000001', status: 'queued', duplicate: false });
    const again = await post({ token, client_id: 'msg_0000000001', text: 'Hi, is there a free plan?' }, queue);
    expect(await again.json()).toMatchObject({ status: 'queued', duplicate: true });
    const stored = await rows<{ text: string; status: string }>(
      'SELECT text, status FROM chat_messages WHERE tenant_id = ? AND tracking_id = ?',
      'inbound-a',
      trackingId,
    );
    expect(stored).toEqual([{ text: 'Hi, is there a free plan?', status: 'queued' }]);
    // Re-queued while not yet delivered (the consumer posts a row once), so a lost first enqueue loses nothing.
    expect(queue.sent).toEqual([
      { v: 1, tenant_id: 'inbound-a', tracking_id: trackingId, client_id: 'msg_0000000001' },
      { v: 1, tenant_id: 'inbound-a', tracking_id: trackingId, client_id: 'msg_0000000001' },
    ]);
  });

  it('answers 503 queue_unavailable when the queue refuses, and the resend queues the stored message', async () => {
    const { trackingId } = await chatVisitor();
    const token = await issueToken(trackingId);
    const failed = await post({ token, client_id: 'msg_0000000002', text: 'hello' }, recordingQueue({ fail: true }));
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    const queue = recordingQueue();
    expect((await post({ token, client_id: 'msg_0000000002', text: 'hello' }, queue)).status).toBe(202);
    expect(queue.sent).toHaveLength(1);
  });

  it('refuses empty and oversized text, bad client ids and missing or bad tokens, storing nothing', async () => {
    const { trackingId } = await chatVisitor();
    const token = await issueToken(trackingId);
    const cases: [unknown, number, string][] = [
      [{ token, client_id: 'msg_0000000003', text: '   ' }, 400, 'validation_failed'],
      [{ token, client_id: 'msg_0000000003', text: 'x'.repeat(CHAT_TEXT_MAX + 1) }, 400, 'validation_failed'],
      [{ token, client_id: 'short', text: 'hi' }, 400, 'validation_failed'],
      [{ token, client_id: 'msg_0000000003', text: 'hi', extra: 1 }, 400, 'validation_failed'],
      [{ token: 'v1.forged.00', client_id: 'msg_0000000003', text: 'hi' }, 401, 'unauthorized'],
    ];
    for (const [body, status, code] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect((await response.json<ErrorEnvelope>()).error.code).toBe(code);
    }
    expect(await rows('SELECT 1 FROM chat_messages WHERE tracking_id = ?', trackingId)).toEqual([]);
  });

  it('takes text/plain bodies (no CORS preflight) and answers the preflight for JSON', async () => {
    const { trackingId } = await chatVisitor();
    const token = await issueToken(trackingId);
    const request = new Request('https://t.inbound-a.test/v1/chat/messages', {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ token, client_id: 'msg_0000000004', text: 'plain' }),
    });
    expect((await callWorker(request, { CHAT_QUEUE: recordingQueue() })).status).toBe(202);
    const preflight = await callWorker(
      new Request('https://t.inbound-a.test/v1/chat/messages', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://t.inbound-a.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      }),
    );
    await expectDocumentedResponse(preflight, 'OPTIONS', '/v1/chat/messages');
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });
});
