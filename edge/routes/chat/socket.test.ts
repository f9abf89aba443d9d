import { describe, expect, it } from 'vitest';
import { agentReply, chatRequest, chatVisitor, issueToken } from '../../../test/chat';
import { type ErrorEnvelope, callWorker } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function open(token: string): Promise<{ socket: WebSocket; frames: unknown[]; next: () => Promise<unknown> }> {
  const request = new Request(`https://t.inbound-a.test/v1/chat/socket?token=${encodeURIComponent(token)}`, {
    headers: { upgrade: 'websocket' },
  });
  const response = await callWorker(request);
  await expectDocumentedResponse(response, 'GET', '/v1/chat/socket');
  expect(response.status).toBe(101);
  const socket = response.webSocket;
  if (!socket) throw new Error('no WebSocket in the 101 answer');
  socket.accept();
  const frames: unknown[] = [];
  const waiting: ((frame: unknown) => void)[] = [];
  socket.addEventListener('message', (event) => {
    const frame: unknown = typeof event.data === 'string' && event.data !== 'pong' ? JSON.parse(event.data) : event.data;
    frames.push(frame);
    waiting.shift()?.(frame);
  });
  return { socket, frames, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

describe('GET /v1/chat/socket', () => {
  it("pushes a signed agent reply to the visitor's open socket, and only to that visitor's", async () => {
    const a = await chatVisitor();
    const b = await chatVisitor();
    const sa = await open(await issueToken(a.trackingId));
    const sb = await open(await issueToken(b.trackingId));
    const arrived = sa.next();
    expect((await agentReply(a.conversationId, 'Live hello')).status).toBe(200);
    expect(await arrived).toMatchObject({ from: 'agent', text: 'Live hello', name: 'Maria' });
    // The runtime answers pings without waking the room.
    const pong = sa.next();
    sa.socket.send('ping');
    expect(await pong).toBe('pong');
    expect(sb.frames).toEqual([]);
    sa.socket.close(1000);
    sb.socket.close(1000);
  });

  it('refuses a request without the upgrade or without a genuine token', async () => {
    const { trackingId } = await chatVisitor();
    const token = await issueToken(trackingId);
    const plain = await callWorker(chatRequest('GET', `/v1/chat/socket?token=${token}`));
    await expectDocumentedResponse(plain.clone(), 'GET', '/v1/chat/socket');
    expect(plain.status).toBe(400);
    const forged = await callWorker(
      new Request('https://t.inbound-a.test/v1/chat/socket?token=v1.x.y', { headers: { upgrade: 'websocket' } }),
    );
    expect(forged.status).toBe(401);
    expect((await forged.json<ErrorEnvelope>()).error.code).toBe('unauthorized');
  });
});
