import { Hono } from 'hono';
import { ChatMessageRequestSchema } from '../../../core/chat/requests';
import { acceptMessage, chatHistory } from '../../../core/chat/store';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import { log } from '../../../core/log';
import type { ChatQueueMessage } from '../../../core/messages';
import { readJsonBody } from '../../collect/body';
import type { AppEnv } from '../../context';
import { rateLimit } from '../../middleware/rate-limit';
import { parseBody, requireChat, verifiedClaim } from './auth';

const MESSAGE_BODY_MAX_BYTES = 16 * 1024;
const QUEUE_RETRY_AFTER_SECONDS = 5;

export const chatMessagesRoute = new Hono<AppEnv>();

/**
 * `POST /v1/chat/messages` `{ token, client_id, text }` → `202`. Durable before it answers: the message is written to
 * D1 (once per client id: a retry or an offline resend is the same row) and its key put on the `chat` queue, whose
 * consumer posts it to the lead's Chatwoot conversation with retries. A repeat of a message not yet delivered is
 * queued again (the consumer posts a row once), so a 503 on the first try loses nothing.
 */
chatMessagesRoute.post('/', rateLimit, async function postChatMessage(c) {
  requireChat(c);
  const tenant = c.get('tenant');
  const body = parseBody(ChatMessageRequestSchema, await readJsonBody(c.req.raw, MESSAGE_BODY_MAX_BYTES));
  const claim = await verifiedClaim(c, body.token);
  const input = { tenant: tenant.id, trackingId: claim.trackingId, clientId: body.client_id, text: body.text, now: Date.now() };
  const accepted = await acceptMessage(openDatabase(c.env.DB), input).catch((error: unknown) => {
    log('error', `chat message not stored: ${String(error)}`, { request_id: c.get('requestId'), tenant: tenant.id });
    throw new AppError('storage_unavailable', 'the message could not be stored; retry later', { retryAfter: QUEUE_RETRY_AFTER_SECONDS });
  });
  if (accepted.status === 'queued') {
    const message: ChatQueueMessage = { v: 1, tenant_id: tenant.id, tracking_id: claim.trackingId, client_id: body.client_id };
    try {
      await c.env.CHAT_QUEUE.send(message, { contentType: 'json' });
    } catch (error) {
      log('error', `chat queue send failed: ${String(error)}`, { request_id: c.get('requestId'), tenant: tenant.id });
      throw new AppError('queue_unavailable', 'the message could not be queued; retry later', { retryAfter: QUEUE_RETRY_AFTER_SECONDS });
    }
  }
  return c.json({ client_id: body.client_id, status: accepted.status, duplicate: accepted.duplicate, at: accepted.at }, 202);
});

/**
 * `GET /v1/chat/messages?token=…&after=<cursor>`: the visitor's conversation since their claim began — with no
 * cursor their own messages and the agent's replies (restoring the chat after a reload or on another page), with
 * one only the replies stored after it (catching up after the live socket reconnects). One D1 read per side.
 */
chatMessagesRoute.get('/', rateLimit, async function readChatMessages(c) {
  requireChat(c);
  const claim = await verifiedClaim(c, c.req.query('token'));
  const raw = c.req.query('after') ?? '0';
  if (!/^\d{1,15}$/.test(raw)) {
    throw new AppError('validation_failed', 'after must be a non-negative integer (the cursor of an earlier answer)', {
      details: { issues: [{ path: 'after', message: 'must be a non-negative integer' }] },
    });
  }
  c.header('Cache-Control', 'no-store');
  return c.json(await chatHistory(openDatabase(c.env.DB), claim, Number(raw)));
});
