import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { CHAT_TOKEN_TTL_MS, signChatToken } from '../../../core/chat/token';
import { CHAT_HOST, OTHER_CHAT_HOST, agentReply, chatKey, chatRequest, chatVisitor, issueToken } from '../../../test/chat';
import { type ErrorEnvelope, callWorker } from '../../../test/fixtures';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

interface History {
  messages: { from: string; text: string; name?: string | null; id?: number }[];
  cursor: number;
}

async function read(token: string, after?: number, host = CHAT_HOST): Promise<Response> {
  const query = new URLSearchParams({ token, ...(after === undefined ? {} : { after: String(after) }) });
  const response = await callWorker(chatRequest('GET', `/v1/chat/messages?${query}`, undefined, host));
  await expectDocumentedResponse(response, 'GET', '/v1/chat/messages');
  return response;
}

async function expectRefused(response: Response, status: number, code: string, reason?: string): Promise<void> {
  expect(response.status).toBe(status);
  const body = await response.json<ErrorEnvelope>();
  expect(body.error.code).toBe(code);
  if (reason) expect(body.error.details).toMatchObject({ reason });
}

describe('POST /v1/chat/token', () => {
  it('issues a token to the first browser only; afterwards only its key renews it (a known tracking id is not enough)', async () => {
    const { trackingId } = await chatVisitor();
    const key = chatKey();
    const first = await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: trackingId, key }));
    await expectDocumentedResponse(first, 'POST', '/v1/chat/token');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const issued = await first.json<{ token: string; expires_at: number; since: number }>();
    expect(issued.expires_at - issued.since).toBe(CHAT_TOKEN_TTL_MS);

    // Someone who learnt the tracking id (a form field, a CRM record) asks for it: refused.
    const thief = await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: trackingId, key: chatKey() }));
    await expectDocumentedResponse(thief.clone(), 'POST', '/v1/chat/token');
    await expectRefused(thief, 403, 'forbidden', 'held');

    // The holder renews — or retries after an answer it never got: same claim (same since), later expiry.
    const renewed = await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: trackingId, key }));
    expect(renewed.status).toBe(200);
    const again = await renewed.json<{ since: number; expires_at: number }>();
    expect(again.since).toBe(issued.since);
    expect(again.expires_at).toBeGreaterThanOrEqual(issued.expires_at);
  });

  it('lets an expired claim be taken again, with an empty history for the new holder', async () => {
    const { trackingId, conversationId } = await chatVisitor();
    await issueToken(trackingId);
    expect((await agentReply(conversationId, 'Reply to the first holder')).status).toBe(200);
    await env.DB.prepare('UPDATE chat_claims SET expires_at = ? WHERE tracking_id = ?')
      .bind(Date.now() - 1, trackingId)
      .run();
    const token = await issueToken(trackingId);
    const history = await (await read(token)).json<History>();
    expect(history.messages).toEqual([]);
  });

  it('refuses malformed bodies and answers 404 on a tenant without Chatwoot', async () => {
    await expectRefused(
      await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: 'x', key: chatKey() })),
      400,
      'validation_failed',
    );
    await expectRefused(await callWorker(chatRequest('POST', '/v1/chat/token', { tracking_id: 'trk_abcdefgh' })), 400, 'validation_failed');
    const noChat = await callWorker(
      new Request('https://t.acme.test/v1/chat/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tracking_id: 'trk_abcdefgh', key: chatKey() }),
      }),
    );
    await expectDocumentedResponse(noChat.clone(), 'POST', '/v1/chat/token');
    await expectRefused(noChat, 404, 'not_found');
  });
});

describe('GET /v1/chat/messages: a visitor reads only their own conversation', () => {
  it("A's token reads A's replies, never B's; forged, expired and other tenants' tokens are refused", async () => {
    const a = await chatVisitor();
    const b = await chatVisitor();
    const tokenA = await issueToken(a.trackingId);
    await issueToken(b.trackingId);
    expect((await agentReply(a.conversationId, 'Hello A')).status).toBe(200);
    expect((await agentReply(b.conversationId, 'Secret for B')).status).toBe(200);

    const history = await (await read(tokenA)).json<History>();
    expect(history.messages.map((m) => m.text)).toEqual(['Hello A']);
    expect(history.messages[0]).toMatchObject({ from: 'agent', name: 'Maria' });
    expect(history.cursor).toBeGreaterThan(0);
    // After the cursor: nothing new.
    expect((await (await read(tokenA, history.cursor)).json<History>()).messages).toEqual([]);

    // A's token with B's tracking id written in (the signature no longer matches).
    const [version, body = '', mac] = tokenA.split('.');
    const claim = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    const forgedBody = btoa(JSON.stringify({ ...claim, i: b.trackingId }))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    await expectRefused(await read(`${version}.${forgedBody}.${mac}`), 401, 'unauthorized', 'bad_signature');
    // Signed with another key.
    const now = Date.now();
    const alien = await signChatToken('not-the-secret', {
      tenant: 'inbound-a',
      trackingId: b.trackingId,
      since: 0,
      expiresAt: now + 60_000,
      nonce: 'n'.repeat(24),
    });
    await expectRefused(await read(alien), 401, 'unauthorized', 'bad_signature');
    // Genuine but expired.
    const expired = await signChatToken(env.CHAT_TOKEN_SECRET, {
      tenant: 'inbound-a',
      trackingId: a.trackingId,
      since: 0,
      expiresAt: now - 1,
      nonce: 'n'.repeat(24),
    });
    await expectRefused(await read(expired), 401, 'unauthorized', 'expired');
    // Genuine, but presented on another tenant's host.
    await expectRefused(await read(tokenA, undefined, OTHER_CHAT_HOST), 401, 'unauthorized', 'other_tenant');
    await expectRefused(await read('garbage'), 401, 'unauthorized', 'malformed');
    await expectRefused(await callWorker(chatRequest('GET', '/v1/chat/messages')), 401, 'unauthorized', 'missing');
  });

  it('does not show replies stored before the claim began', async () => {
    const { trackingId, conversationId } = await chatVisitor();
    expect((await agentReply(conversationId, 'Before the chat')).status).toBe(200);
    const token = await issueToken(trackingId);
    expect((await agentReply(conversationId, 'After the chat began')).status).toBe(200);
    const history = await (await read(token)).json<History>();
    expect(history.messages.map((m) => m.text)).toEqual(['After the chat began']);
  });
});
