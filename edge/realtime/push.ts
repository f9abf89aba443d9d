/**
 * After the Chatwoot webhook stored an agent reply: push it to the live widget of every tracking id of the lead
 * (usually one; more after a merge), through each visitor's ChatRoom. Best effort by design — a widget that is
 * not connected, or misses the push, reads the reply from GET /v1/chat/messages when it (re)connects.
 */
import type { Database } from '../../core/db';
import { storedReply, trackingIdsOfLead } from '../../core/chat/store';
import { logger } from '../../core/log';

export function chatRoomName(tenant: string, trackingId: string): string {
  return `${tenant}:${trackingId}`;
}

export async function pushStoredReply(env: Env, db: Database, tenant: string, deliveryId: string): Promise<void> {
  const log = logger({ tenant, delivery_id: deliveryId });
  try {
    const stored = await storedReply(db, tenant, deliveryId);
    if (!stored) return; // a status change, or nothing stored
    const trackingIds = await trackingIdsOfLead(db, tenant, stored.leadId);
    const sent = await Promise.all(
      trackingIds.map((trackingId) => {
        const room = env.CHAT_ROOMS.get(env.CHAT_ROOMS.idFromName(chatRoomName(tenant, trackingId)));
        return room.push(stored.item, stored.createdAt);
      }),
    );
    log.info('agent reply pushed to the widget', { rooms: trackingIds.length, sockets: sent.reduce((a, b) => a + b, 0) });
  } catch (error) {
    log.warn(`agent reply push failed (the widget catches up from the history): ${String(error)}`);
  }
}
