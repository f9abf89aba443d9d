/**
 * The fan-out step of the `events` consumer, after scoring: one DeliveryMessage per (lead, destination[, target])
 * for the destinations the tenant configured and its routing rules let through, sent with sendBatch (≤ 100 per
 * call) to the destination's queue. Messages carry the lead id and version only; each consumer loads the full
 * snapshot itself, so a message that names an older version than the one delivered is recognised as stale.
 *
 *  - chatwoot, hubspot, pipedrive, salesforce: one message each when configured;
 *  - webhook: one per `[[webhooks]]` entry (target = its index);
 *  - notify: one per `[[notify]]` entry whose `stages` include the new stage, only on a stage change TO MQL or SQL.
 * Type: one `lead.stage_changed` (with the change) per change of the lead still pending in the outbox, else one
 * `lead.upserted`. A tenant with no destinations (or an unknown tenant) enqueues nothing.
 *
 * Outbox: scoreLeads commits a stage change (a lead_changes row) before this step sends anything, so a failed
 * sendBatch must not lose it. Every change row starts with `fanned_out_at` NULL; this step reads ALL pending rows
 * of the batch's leads (the ones this run recorded and any an earlier, failed run left behind), sends their
 * messages, and only after every sendBatch succeeded marks them. A retry after a failure therefore re-sends the
 * change; at-least-once, like every queue send (the delivery ledger turns an identical payload into a no-op).
 * Cost: one read statement (the batch's lead keys as one JSON parameter) and, when something was pending, one
 * update, whatever the number of leads.
 */
import { type Database, chunk, groupBy } from '../../core/db';
import type { StageChange } from '../../core/lead-snapshot';
import { type DeliveryMessage, QUEUE_OF_DESTINATION } from '../../core/messages';
import { type StatementCounter, jsonChunks, runStatements } from '../../core/statements';
import { STAGES, type Stage } from '../../core/scoring/types';
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

export async function fanOut(
  db: Database,
  env: DeliveryQueues,
  tenants: TenantRegistry,
  scored: readonly ScoredLead[],
  now: number,
  counter?: StatementCounter,
): Promise<DeliveryMessage[]> {
  if (scored.length === 0) return [];
  const pending = await readPendingChanges(db, scored, counter);
  const changesOf = groupBy(pending, (change) => leadKey(change.tenant_id, change.lead_id));
  const messages = scored.flatMap((lead) => {
    const tenant = tenants.byId.get(lead.tenant_id);
    if (!tenant) return [];
    const changes = changesOf.get(leadKey(lead.tenant_id, lead.lead_id)) ?? [];
    if (changes.length === 0) return deliveryMessages(tenant, lead);
    return changes.flatMap((change) => deliveryMessages(tenant, lead, change.change));
  });
  const byQueue = groupBy(messages, (message) => QUEUE_OF_DESTINATION[message.destination]);
  for (const [queue, queued] of byQueue) {
    for (const part of chunk(queued, SEND_BATCH_MAX)) await env[QUEUE_BINDING[queue]].sendBatch(part.map((body) => ({ body })));
  }
  // Only now: a throw above leaves the changes pending for the retry. A tenant without destinations marks too,
  // so its history never piles up as pending.
  await markFannedOut(db, pending, now, counter);
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

interface PendingChange {
  id: string;
  tenant_id: string;
  lead_id: string;
  change: StageChange;
}

/** Every change of these leads not fanned out yet, oldest first: ONE statement, the keys in one JSON parameter. */
async function readPendingChanges(db: Database, leads: readonly ScoredLead[], counter?: StatementCounter): Promise<PendingChange[]> {
  const keys = jsonChunks(leads.map((lead) => [lead.tenant_id, lead.lead_id]));
  const results = await runStatements(
    db,
    keys.map((json) => ({
      sql: `SELECT c.id, c.tenant_id, c.lead_id, c.from_stage, c.to_stage, c.score, c.at
            FROM json_each(?1) k
            JOIN lead_changes c ON c.tenant_id = json_extract(k.value, '$[0]') AND c.lead_id = json_extract(k.value, '$[1]')
            WHERE c.fanned_out_at IS NULL AND c.type = 'lead.stage_changed'
            ORDER BY c.at, c.id`,
      params: [json],
    })),
    counter,
  );
  return results.flat().flatMap((row) => {
    const from = stageOf(row.from_stage);
    const to = stageOf(row.to_stage);
    const { id, tenant_id, lead_id, score, at } = row;
    if (!from || !to || typeof id !== 'string' || typeof tenant_id !== 'string' || typeof lead_id !== 'string') return [];
    if (typeof score !== 'number' || typeof at !== 'number') return [];
    return [{ id, tenant_id, lead_id, change: { from, to, score, at } }];
  });
}

/** Marks the changes as sent: ONE statement, (tenant, id) pairs in one JSON parameter; nothing pending, no statement. */
async function markFannedOut(db: Database, pending: readonly PendingChange[], now: number, counter?: StatementCounter): Promise<void> {
  if (pending.length === 0) return;
  await runStatements(
    db,
    jsonChunks(pending.map((change) => [change.tenant_id, change.id])).map((json) => ({
      sql: `UPDATE lead_changes SET fanned_out_at = ?1
            FROM json_each(?2) k
            WHERE lead_changes.tenant_id = json_extract(k.value, '$[0]') AND lead_changes.id = json_extract(k.value, '$[1]')
              AND lead_changes.fanned_out_at IS NULL`,
      params: [now, json],
    })),
    counter,
  );
}

function stageOf(value: unknown): Stage | null {
  return STAGES.find((stage) => stage === value) ?? null;
}

function leadKey(tenantId: string, leadId: string): string {
  return `${tenantId}\u0000${leadId}`;
}

/** The messages for one scored lead of one tenant, for one of its stage changes or (none) an upsert. Pure. */
export function deliveryMessages(tenant: TenantConfig, lead: ScoredLead, change?: StageChange): DeliveryMessage[] {
  if (!isDeliverable(lead)) return [];
  const allowed = new Set(routeLead(tenant, lead.snapshot).destinations);
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
