/**
 * One versioned schema per destination queue (`chatwoot`, `crm`, `notify`), declared once: the ingest consumer's
 * fan-out produces them and each destination consumer validates them again before acting (architecture rule 5).
 * The `events` queue's message lives in core/events.ts (EventMessageSchema).
 */
import * as v from 'valibot';
import { STAGES } from './scoring/types';

export const DESTINATIONS = ['chatwoot', 'hubspot', 'pipedrive', 'salesforce', 'webhook', 'notify'] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** Which queue carries which destination (one queue per destination kind, each with its own DLQ). */
export const QUEUE_OF_DESTINATION = {
  chatwoot: 'chatwoot',
  hubspot: 'crm',
  pipedrive: 'crm',
  salesforce: 'crm',
  webhook: 'crm',
  notify: 'notify',
} as const satisfies Record<Destination, 'chatwoot' | 'crm' | 'notify'>;

const StageSchema = v.picklist(STAGES);

export const DeliveryMessageSchema = v.object({
  v: v.literal(1),
  tenant_id: v.string(),
  destination: v.picklist(DESTINATIONS),
  /** For destinations configured as a list (webhooks, notify): the entry's index in the tenant config. */
  target: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  lead_id: v.string(),
  /** The lead version this message was produced for; older than the delivered version → stale, skipped. */
  lead_version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  type: v.picklist(['lead.upserted', 'lead.stage_changed']),
  stage_change: v.optional(v.object({ from: StageSchema, to: StageSchema, score: v.number(), at: v.number() })),
  /** Set by replay: the dead letter this message re-delivers. */
  replay_of: v.optional(v.string()),
});
export type DeliveryMessage = v.InferOutput<typeof DeliveryMessageSchema>;

/**
 * The `chat` queue: one message per visitor message accepted by POST /v1/chat/messages (the text itself waits in
 * D1, chat_messages, so the queue carries only its key). worker-queue/chat/ posts it to the lead's conversation.
 */
export const ChatQueueMessageSchema = v.object({
  v: v.literal(1),
  tenant_id: v.string(),
  tracking_id: v.string(),
  client_id: v.string(),
});
export type ChatQueueMessage = v.InferOutput<typeof ChatQueueMessageSchema>;
