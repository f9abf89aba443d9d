/**
 * Pure: the body of a LeadTrail webhook (design §3): `{ type, lead: <lead snapshot>, sent_at }`, plus
 * `stage_change` on `lead.stage_changed`. The snapshot is the one the console shows (core/lead-snapshot.ts).
 */
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import type { DeliveryMessage } from '../../../core/messages';

export interface WebhookPayload {
  type: DeliveryMessage['type'];
  lead: LeadSnapshot;
  stage_change?: StageChange;
}

export interface WebhookBody extends WebhookPayload {
  /** When this attempt was sent (ms); not part of the ledger's payload, so a retry is the same delivery. */
  sent_at: number;
}

export function webhookPayload(lead: LeadSnapshot, message: DeliveryMessage): WebhookPayload {
  return {
    type: message.type,
    lead,
    ...(message.type === 'lead.stage_changed' && message.stage_change ? { stage_change: message.stage_change } : {}),
  };
}

export function webhookBody(payload: WebhookPayload, sentAt: number): string {
  const body: WebhookBody = { ...payload, sent_at: sentAt };
  return JSON.stringify(body);
}

/** Stable across retries and replays of one lead state, so a receiver can drop what it already has. */
export function idempotencyKey(payload: WebhookPayload, target: number): string {
  const at = payload.stage_change ? `-${payload.stage_change.at}` : '';
  return `lt-${payload.lead.id}-v${payload.lead.version}-${payload.type}${at}-${target}`;
}
