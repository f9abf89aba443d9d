/**
 * The `crm` queue's consumer: HubSpot, Pipedrive, Salesforce and the signed webhooks, each message delivered by the
 * one delivery loop (./deliver.ts) to the destination it names, with the tenant's own config and secrets. A batch
 * opens a coalescing scope (./coalesce.ts) counting its distinct HubSpot and Salesforce leads per tenant, so they
 * share one batch upsert (HubSpot) or sObject Collections (Salesforce) call.
 */
import * as v from 'valibot';
import { DeliveryMessageSchema } from '../../core/messages';
import { withCoalescing } from './coalesce';
import { createDeliveryConsumer } from './deliver';
import { hubspotBatchKey, hubspotDestination } from './hubspot';
import { pipedriveDestination } from './pipedrive';
import { salesforceBatchKey, salesforceDestination } from './salesforce';
import { webhookDestination } from './webhook';

const deliverAll = createDeliveryConsumer([hubspotDestination, pipedriveDestination, salesforceDestination, webhookDestination]);

/** Distinct leads per coalescing key in this batch (messages of one lead are delivered one after the other). */
export function coalescingPlan(messages: readonly Message<unknown>[]): Map<string, number> {
  const leads = new Set<string>();
  const plan = new Map<string, number>();
  for (const message of messages) {
    const parsed = v.safeParse(DeliveryMessageSchema, message.body);
    if (!parsed.success) continue;
    const { destination, tenant_id: tenantId } = parsed.output;
    const key = destination === 'hubspot' ? hubspotBatchKey(tenantId) : destination === 'salesforce' ? salesforceBatchKey(tenantId) : null;
    const lead = `${key}\u0000${parsed.output.lead_id}`;
    if (key === null || leads.has(lead)) continue;
    leads.add(lead);
    plan.set(key, (plan.get(key) ?? 0) + 1);
  }
  return plan;
}

export function consumeCrm(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  return withCoalescing(coalescingPlan(batch.messages), () => deliverAll(batch, env));
}
