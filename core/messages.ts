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
