/**
 * Seeds leads through the real ingest step (raw events → leads, aliases, touches, merges) and finds their ids,
 * for tests of the steps that run after ingest (scoring, fan-out).
 */
import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { openDatabase } from '../core/db';
import type { ClientEvent, EventMessage, RequestContext } from '../core/events';
import { ingestMessages } from '../worker-queue/ingest/consume';
import { rows } from './db';
import { event, requestContext } from './fixtures';

export { requestContext } from './fixtures';

/** A `track` event of one visitor (the default fixture event otherwise). */
export function tracked(trackingId: string, name: string, overrides: Partial<ClientEvent> = {}): ClientEvent {
  return event({ tracking_id: trackingId, type: 'track', name, ...overrides });
}

export function answered(trackingId: string, questionId: string, value: string, replyMs?: number): ClientEvent {
  const props: Record<string, string | number> = { question_id: questionId, value };
  if (replyMs !== undefined) props.reply_ms = replyMs;
  return tracked(trackingId, 'question_answered', { props });
}

export async function ingest(tenantId: string, events: ClientEvent[], request: Partial<RequestContext> = {}): Promise<void> {
  const message: EventMessage = {
    v: 1,
    tenant_id: tenantId,
    request: requestContext(request),
    events: events.map((item) => ({ ts: item.ts, event: item })),
  };
  await ingestMessages(openDatabase(env.DB), [message], Date.now());
}

export async function leadIdOf(tenantId: string, trackingId: string): Promise<string | undefined> {
  const [row] = await rows<{ lead_id: string }>(
    'SELECT lead_id FROM lead_aliases WHERE tenant_id = ? AND tracking_id = ?',
    tenantId,
    trackingId,
  );
  return row?.lead_id;
}

export function visitorId(): string {
  return `trk_${nanoid()}`;
}
