/**
 * The fan-out step of the `events` consumer, after scoring: one DeliveryMessage per (lead, destination[, target])
 * for the destinations the tenant configured and its routing rules let through, sent with sendBatch (≤ 100 per
 * call) to the destination's queue. Messages carry the lead id and version only; each consumer loads the full
 * snapshot itself, so a message that names an older version than the one delivered is recognised as stale.
 *
 *  - chatwoot, hubspot, pipedrive, salesforce: one message each when configured;
 *  - webhook: one per `[[webhooks]]` entry (target = its index);
 *  - notify: one per `[[notify]]` entry whose `stages` include the new stage, only on a stage change TO MQL or SQL.
 * Type: `lead.stage_changed` (with the change) when this run recorded one, else `lead.upserted`.
 * A tenant with no destinations (or an unknown tenant) enqueues nothing.
 *
 * Known gap: if sendBatch fails after scoreLeads committed a stage change, the retried batch re-scores, finds the
 * stage already stored and sends lead.upserted (which still shows the new stage) but no lead.stage_changed, so
 * that change's note and notification are lost. An outbox mark on lead_changes (enqueued_at, a migration) that
 * the fan-out clears would close it.
 */
import { type DeliveryMessage, QUEUE_OF_DESTINATION } from '../../core/messages';
import { chunk, groupBy } from '../../core/db';
import { configuredDestinations, routeLead } from '../../core/tenants/routing';
import type { TenantConfig, TenantRegistry } from '../../core/tenants';
import type { ScoredLead } from './score-lead';

export type DeliveryQueues = Pick<Env, 'CHATWOOT_QUEUE' | 'CRM_QUEUE' | 'NOTIFY_QUEUE'>;

/** Queue limit: at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;

const QUEUE_BINDING = {
  chatwoot: 'CHATWOOT_QUEUE',
  crm: 'CRM_QUEUE',
  notify: 'NOTIFY_QUEUE',
} as const satisfies Record<(typeof QUEUE_OF_DESTINATION)[keyof typeof QUEUE_OF_DESTINATION], keyof DeliveryQueues>;

export async function fanOut(env: DeliveryQueues, tenants: TenantRegistry, scored: readonly ScoredLead[]): Promise<DeliveryMessage[]> {
  const messages = scored.flatMap((lead) => {
    const tenant = tenants.byId.get(lead.tenant_id);
    return tenant ? deliveryMessages(tenant, lead) : [];
  });
  const byQueue = groupBy(messages, (message) => QUEUE_OF_DESTINATION[message.destination]);
  for (const [queue, queued] of byQueue) {
    for (const part of chunk(queued, SEND_BATCH_MAX)) await env[QUEUE_BINDING[queue]].sendBatch(part.map((body) => ({ body })));
  }
  return messages;
}

/**
 * Whether a lead is someone a person downstream should see: it left a way to reach it (email or phone), or it
 * engaged enough to score (the questionnaire, a CTA, a tenant's extra rule). A visitor who only viewed pages is
 * not sent anywhere: agents and CRMs would drown in anonymous page views. Once deliverable, always deliverable
 * (contact details and score inputs are never removed), so a lead is never half-delivered.
 */
export function isDeliverable(lead: ScoredLead): boolean {
  return lead.snapshot.email !== null || lead.snapshot.phone !== null || lead.score > 0;
}

/** The messages for one scored lead of one tenant. Pure. */
export function deliveryMessages(tenant: TenantConfig, lead: ScoredLead): DeliveryMessage[] {
  if (!isDeliverable(lead)) return [];
  const allowed = new Set(routeLead(tenant, lead.snapshot).destinations);
  const change = lead.stage_change;
  const base: Omit<DeliveryMessage, 'destination' | 'target'> = {
    v: 1,
    tenant_id: lead.tenant_id,
    lead_id: lead.lead_id,
    lead_version: lead.version,
    type: change ? 'lead.stage_changed' : 'lead.upserted',
  };
  if (change) base.stage_change = change;
  const messages: DeliveryMessage[] = [];
  for (const destination of configuredDestinations(tenant)) {
    if (!allowed.has(destination)) continue;
    if (destination === 'webhook') {
      tenant.webhooks.forEach((_, target) => messages.push({ ...base, destination, target }));
    } else if (destination === 'notify') {
      if (!change || change.to === 'Unqualified') continue;
      tenant.notify.forEach((entry, target) => {
        if (entry.stages.some((stage) => stage === change.to)) messages.push({ ...base, destination, target });
      });
    } else {
      messages.push({ ...base, destination, target: 0 });
    }
  }
  return messages;
}
