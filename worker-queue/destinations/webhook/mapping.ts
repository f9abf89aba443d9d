/**
 * Pure: the body of a LeadTrail webhook (design §3): `{ type, lead: <lead snapshot>, sent_at }`, plus
 * `stage_change` on `lead.stage_changed`. The snapshot is the one the console shows (core/lead-snapshot.ts).
 * What the ledger hashes leaves out the snapshot's `version` (scoring bumps it on every re-score, even when nothing
 * a receiver sees changed), so a retried events batch does not send the same lead again.
 */
import type { LeadSnapshot, StageChange } from '../../../core/lead-snapshot';
import type { DeliveryMessage } from '../../../core/messages';

export interface WebhookPayload {
  type: DeliveryMessage['type'];
  lead: Omit<LeadSnapshot, 'version'>;
  stage_change?: StageChange;
}

export interface WebhookBody {
  type: DeliveryMessage['type'];
  lead: LeadSnapshot;
  stage_change?: StageChange;
  /** When this attempt was sent (ms); not part of the ledger's payload, so a retry is the same delivery. */
  sent_at: number;
}

export function webhookPayload(lead: LeadSnapshot, message: DeliveryMessage): WebhookPayload {
  const { version: _version, ...shown } = lead;
  return {
    type: message.type,
    lead: shown,
    ...(message.type === 'lead.stage_changed' && message.stage_change ? { stage_change: message.stage_change } : {}),
  };
}

export function webhookBody(payload: WebhookPayload, lead: LeadSnapshot, sentAt: number): string {
  const body: WebhookBody = {
    type: payload.type,
    lead,
    ...(payload.stage_change ? { stage_change: payload.stage_change } : {}),
    sent_at: sentAt,
  };
  return JSON.stringify(body);
}

/** Stable across retries and replays of one payload (its ledger hash), so a receiver can drop what it has. */
export function idempotencyKey(leadId: string, payloadHash: string, target: number): string {
  return `lt-${leadId}-${payloadHash.slice(0, 32)}-${target}`;
}
