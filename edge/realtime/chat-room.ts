/**
 * One Durable Object per visitor (tenant + tracking id): it holds the widget's WebSocket(s) — one per open tab —
 * with the Hibernation API, so an idle widget costs no duration: the object is evicted from memory while the
 * sockets stay connected at Cloudflare's edge, and wakes only to push a reply. A `ping` text frame is answered
 * by the runtime itself (setWebSocketAutoResponse) without waking it. The Chatwoot webhook calls `push` after it
 * stored an agent reply (edge/realtime/push.ts); the widget catches up on anything it missed while disconnected
 * with GET /v1/chat/messages?after=<cursor>.
 */
import { DurableObject } from 'cloudflare:workers';
import type { ChatItem } from '../../core/chat/store';

/** What each socket remembers across hibernation: from when its token may read replies. */
interface Attachment {
  since: number;
}

function attachmentOf(socket: WebSocket): Attachment | null {
  const value: unknown = socket.deserializeAttachment();
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'since') === 'number' ? (value as Attachment) : null;
}

export class ChatRoom extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'));
  }

  /** The upgrade, forwarded by GET /v1/chat/socket after it verified the token; `X-LT-Since` is the token's. */
  override async fetch(request: Request): Promise<Response> {
    const since = Number(request.headers.get('x-lt-since'));
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket' || !Number.isFinite(since)) {
      return new Response('expected a WebSocket upgrade', { status: 400 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ since } satisfies Attachment);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends an agent reply to every socket allowed to read it; returns how many got it. */
  async push(item: ChatItem, storedAt: number): Promise<number> {
    const frame = JSON.stringify(item);
    let sent = 0;
    for (const socket of this.ctx.getWebSockets()) {
      const attachment = attachmentOf(socket);
      if (!attachment || attachment.since > storedAt) continue;
      try {
        socket.send(frame);
        sent++;
      } catch {
        // A socket closing right now: the widget reconnects and catches up through the history.
      }
    }
    return sent;
  }

  /** The widget sends nothing but pings (answered by the runtime); anything else is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    try {
      socket.close(code === 1005 || code === 1006 ? 1000 : code, 'closed');
    } catch {
      // already closed
    }
  }
}
