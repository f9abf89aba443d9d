/**
 * The optional HubSpot Lead object (CRM leads-v3, tenant `create_lead`): one per LeadTrail lead, created after its
 * contact exists (HubSpot needs the contact association at create time) and remembered as `lead_id` on the claim
 * the moment HubSpot answers, so retries, replays and later versions never create a second one. A failed create
 * throws HttpFailure like any call: the delivery loop retries or dead-letters it, and the next attempt's contact
 * upsert (by email or remembered id) lands on the same contact.
 *
 * A create whose answer was lost (a timeout, a dropped connection) may still have made the Lead. The claim notes
 * `lead_create_for` before each create; an attempt that finds that note and no `lead_id` first reads the contact's
 * associated Leads (GET contact `?associations=leads`, a read, not the lagging search index) and adopts the one
 * there instead of creating another. The cost: a Lead someone made by hand on that contact in between is adopted.
 */
import type { DeliveryContext } from '../deliver';
import { HttpFailure } from '../outcome';
import type { HubspotConfig } from '../../../core/tenants/destinations';
import type { HubspotClient } from './client';
import { type HubspotPayload, leadInput } from './mapping';

/** The first Lead associated to the contact, or null. */
async function associatedLead(client: HubspotClient, contactId: string): Promise<string | null> {
  const answer = await client.call('contacts read', 'GET', `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}?associations=leads`);
  const body = answer.body;
  const associations: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'associations') : undefined;
  const leads: unknown = typeof associations === 'object' && associations !== null ? Reflect.get(associations, 'leads') : undefined;
  const results: unknown = typeof leads === 'object' && leads !== null ? Reflect.get(leads, 'results') : undefined;
  const first: unknown = Array.isArray(results) ? results[0] : undefined;
  const id: unknown = typeof first === 'object' && first !== null ? Reflect.get(first, 'id') : undefined;
  return typeof id === 'string' ? id : null;
}

export async function ensureLead(
  ctx: DeliveryContext<HubspotConfig, HubspotPayload>,
  client: HubspotClient,
  contactId: string,
): Promise<void> {
  const properties = ctx.payload.lead;
  if (properties === undefined || typeof ctx.remote.lead_id === 'string') return;
  if (ctx.remote.lead_create_for === contactId) {
    const existing = await associatedLead(client, contactId);
    if (existing !== null) {
      await ctx.saveRemote({ lead_id: existing, lead_contact_id: contactId });
      return;
    }
  }
  await ctx.saveRemote({ lead_create_for: contactId });
  const created = await client.call('leads create', 'POST', '/crm/v3/objects/leads', leadInput(properties, contactId));
  const id: unknown = typeof created.body === 'object' && created.body !== null ? Reflect.get(created.body, 'id') : undefined;
  if (typeof id !== 'string') throw new HttpFailure(502, JSON.stringify(created.body), null, 'hubspot leads create: no id');
  await ctx.saveRemote({ lead_id: id, lead_contact_id: contactId });
}
