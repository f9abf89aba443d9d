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

const RemoteIdValue = v.union([v.string(), v.number(), v.boolean(), v.null()]);

/**
 * A GDPR deletion requested from one destination (POST /v1/admin/deletions, core/admin/deletions): sent once per
 * configured destination (each list target) on that destination's queue, handled by its connector's `erase`.
 * The local rows are gone by the time it is consumed, so it carries what the destination needs: the remote ids
 * captured before the deletion (one entry per delivery claim or Chatwoot link of the person) and our lead ids.
 * No email, name or tracking id travels.
 */
export const DeletionMessageSchema = v.object({
  v: v.literal(1),
  type: v.literal('lead.deleted'),
  tenant_id: v.string(),
  destination: v.picklist(DESTINATIONS),
  target: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)), 0),
  /** The audit row (deletions.id) whose per-destination status the consumer updates. */
  deletion_id: v.string(),
  /** The person's live lead id first, then the ids of the leads merged into it. */
  lead_ids: v.pipe(v.array(v.string()), v.minLength(1), v.maxLength(500)),
  remote: v.pipe(v.array(v.record(v.string(), RemoteIdValue)), v.maxLength(500)),
  /** Set by replay: the dead letter this message re-sends. */
  replay_of: v.optional(v.string()),
});
export type DeletionMessage = v.InferOutput<typeof DeletionMessageSchema>;

/**
 * An alert on the `notify` queue (the alerts cron, README Console: alerts): one message per (alert, notify target);
 * the notify consumer renders it from the stored alert. `kind: 'alert'` tells it apart from a DeliveryMessage.
 */
export const AlertMessageSchema = v.object({
  v: v.literal(1),
  kind: v.literal('alert'),
  tenant_id: v.string(),
  alert_id: v.string(),
  target: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type AlertMessage = v.InferOutput<typeof AlertMessageSchema>;

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
