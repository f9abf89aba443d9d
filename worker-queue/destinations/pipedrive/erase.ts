/**
 * GDPR deletion in Pipedrive: the person's Pipedrive lead (v1 deleteLead), then the person (v2 deletePerson), for
 * every id the person's claims remembered. A 404 means it is gone already.
 */
import type { PipedriveConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { EraseContext, Erased } from '../erase';
import { PermanentFailure } from '../outcome';
import { createPipedriveClient } from './client';

export async function eraseFromPipedrive(ctx: EraseContext<PipedriveConfig>): Promise<Erased> {
  const leads = [...new Set(ctx.message.remote.flatMap((remote) => (typeof remote.lead_id === 'string' ? [remote.lead_id] : [])))];
  const persons = [...new Set(ctx.message.remote.flatMap((remote) => (typeof remote.person_id === 'number' ? [remote.person_id] : [])))];
  if (leads.length === 0 && persons.length === 0) return 'not_found';
  const token = readSecret(ctx.env, ctx.config.token);
  if (!token) throw new PermanentFailure(`secret ${ctx.config.token} is not set (wrangler secret put ${ctx.config.token})`);
  const client = createPipedriveClient({ baseUrl: ctx.config.base_url, token, timeoutMs: ctx.timeoutMs });
  let deleted = false;
  for (const lead of leads) deleted = (await client.remove('deleteLead', `/v1/leads/${encodeURIComponent(lead)}`)) !== 404 || deleted;
  for (const person of persons) deleted = (await client.remove('deletePerson', `/api/v2/persons/${person}`)) !== 404 || deleted;
  return deleted ? 'deleted' : 'not_found';
}
