/**
 * GDPR deletion in HubSpot: the Lead object (leads-v3 archive) and then the contact, permanently, with HubSpot's
 * GDPR delete (`POST /crm/v3/objects/contacts/gdpr-delete`, contacts-v3), for every contact the person's claims
 * remembered. A 404 means it is gone already.
 */
import type { HubspotConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { EraseContext, Erased } from '../erase';
import { PermanentFailure } from '../outcome';
import { createHubspotClient } from './client';

function ids(ctx: EraseContext<HubspotConfig>, key: 'contact_id' | 'lead_id'): string[] {
  return [...new Set(ctx.message.remote.flatMap((remote) => (typeof remote[key] === 'string' ? [remote[key]] : [])))];
}

export async function eraseFromHubspot(ctx: EraseContext<HubspotConfig>): Promise<Erased> {
  const contacts = ids(ctx, 'contact_id');
  const leads = ids(ctx, 'lead_id');
  if (contacts.length === 0 && leads.length === 0) return 'not_found';
  const token = readSecret(ctx.env, ctx.config.token);
  if (!token) throw new PermanentFailure(`secret ${ctx.config.token} is not set (wrangler secret put ${ctx.config.token})`);
  const client = createHubspotClient({ baseUrl: ctx.config.base_url, token, timeoutMs: ctx.timeoutMs });
  let deleted = false;
  for (const lead of leads) {
    const answer = await client.call('leads archive', 'DELETE', `/crm/v3/objects/leads/${encodeURIComponent(lead)}`, undefined, [404]);
    deleted ||= answer.status !== 404;
  }
  for (const contact of contacts) {
    const answer = await client.call('contacts gdpr-delete', 'POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: contact }, [404]);
    deleted ||= answer.status !== 404;
  }
  return deleted ? 'deleted' : 'not_found';
}
