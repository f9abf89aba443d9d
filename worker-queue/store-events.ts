import type { BatchItem } from 'drizzle-orm/batch';
import { type Database, chunk, rowsPerInsert } from '../core/db';
import type { IngestEvent } from '../core/events';
import { rawEvents } from '../core/schema';

const RAW_EVENT_COLUMNS = 10;

/** Multi-row INSERTs that ignore events already stored: a redelivered message is a no-op here. */
export function insertRawEvents(db: Database, events: readonly IngestEvent[]): BatchItem<'sqlite'>[] {
  const rows = events.map((message) => ({
    tenantId: message.tenant_id,
    eventId: message.event.event_id,
    type: message.event.type,
    name: message.event.name ?? null,
    trackingId: message.event.tracking_id,
    sessionId: message.event.session_id,
    ts: message.ts,
    receivedAt: message.request.received_at,
    bot: message.event.bot === true,
    payload: JSON.stringify({ event: message.event, request: message.request }),
  }));
  return chunk(rows, rowsPerInsert(RAW_EVENT_COLUMNS)).map((part) => db.insert(rawEvents).values(part).onConflictDoNothing());
}
