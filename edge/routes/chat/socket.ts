import { Hono } from 'hono';
import { AppError } from '../../../core/errors';
import type { AppEnv } from '../../context';
import { rateLimit } from '../../middleware/rate-limit';
import { chatRoomName } from '../../realtime/push';
import { requireChat, verifiedClaim } from './auth';

export const chatSocketRoute = new Hono<AppEnv>();

/**
 * `GET /v1/chat/socket?token=…` (WebSocket): the widget's live line for agent replies, held by the visitor's
 * ChatRoom (edge/realtime/chat-room.ts, hibernatable). The token rides in the query because browsers cannot set
 * headers on a WebSocket; it is checked here, before the Durable Object is ever woken. The page's Origin was
 * already checked by the CORS middleware, so another site cannot open the socket with a stolen token either.
 */
chatSocketRoute.get('/', rateLimit, async function openChatSocket(c) {
  requireChat(c);
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    throw new AppError('bad_request', 'this route takes a WebSocket upgrade (Upgrade: websocket)');
  }
  const claim = await verifiedClaim(c, c.req.query('token'));
  const room = c.env.CHAT_ROOMS.get(c.env.CHAT_ROOMS.idFromName(chatRoomName(claim.tenant, claim.trackingId)));
  const headers = new Headers(c.req.raw.headers);
  headers.set('x-lt-since', String(claim.since));
  return room.fetch(new Request(c.req.url, { headers }));
});
