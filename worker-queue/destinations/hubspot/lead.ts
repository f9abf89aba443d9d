/**
 * The optional HubSpot Lead object (CRM leads-v3, tenant `create_lead`): one per LeadTrail lead, created after its
 * contact exists (HubSpot needs the contact association at create time) and remembered as `lead_id` on the claim
 * the moment HubSpot answers, so retries, replays and later versions never create a second one. A failed create
 * throws HttpFailure like any call: the delivery loop retries or dead-letters it, and the next attempt's contact
 * upsert (by email or remembered id) lands on the same contact.
 */
import type { DeliveryContext } from '../deliver';
import { HttpFailure } from '../outcome';
import type { HubspotConfig } from '../../../core/tenants/destinations';
import type { HubspotClient } from './client';
import { type HubspotPayload, leadInput } from './mapping';

export async function ensureLead(
  ctx: DeliveryContext<HubspotConfig, HubspotPayload>,
  client: HubspotClient,
  contactId: string,
): Promise<void> {
  const properties = ctx.payload.lead;
  if (properties === undefined || typeof ctx.remote.lead_id === 'string') return;
  const created = await client.call('leads create', 'POST', '/crm/v3/objects/leads', leadInput(properties, contactId));
  const id: unknown = typeof created.body === 'object' && created.body !== null ? Reflect.get(created.body, 'id') : undefined;
  if (typeof id !== 'string') throw new HttpFailure(502, JSON.stringify(created.body), null, 'hubspot leads create: no id');
  await ctx.saveRemote({ lead_id: id, lead_contact_id: contactId });
}
