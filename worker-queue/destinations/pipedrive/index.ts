/**
 * The Pipedrive destination (design §5, issue 9 item 3): the person found by exact email or created, then patched
 * with the mapped custom fields (keys resolved once per account); one Pipedrive lead per LeadTrail lead
 * (remembered); a note on it with the attribution and the score breakdown, once per change. Runs in the delivery
 * loop (../deliver.ts), whose per-lead claim keeps two deliveries of one new lead to one person.
 */
import type { PipedriveConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { AccountKey } from '../account-state';
import { eraseFromPipedrive } from './erase';
import { type DeliveryContext, defineDestination } from '../deliver';
import { HttpFailure, type Outcome, PermanentFailure } from '../outcome';
import { createPipedriveClient } from './client';
import { fieldKeys, forgetFieldKeys } from './fields';
import { type PipedrivePayload, leadBody, noteBody, pipedrivePayload } from './mapping';
import { ensurePerson } from './person';

type Context = DeliveryContext<PipedriveConfig, PipedrivePayload>;

function stringId(data: unknown): string | null {
  const id: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'id') : undefined;
  return typeof id === 'string' ? id : null;
}

async function deliverToPipedrive(ctx: Context): Promise<Outcome> {
  const { config, tenant, payload } = ctx;
  const token = readSecret(ctx.env, config.token);
  if (!token) throw new PermanentFailure(`secret ${config.token} is not set (wrangler secret put ${config.token})`);
  const client = createPipedriveClient({ baseUrl: config.base_url, token, timeoutMs: ctx.timeoutMs, onAnswer: ctx.recordAnswer });
  const account: AccountKey = { tenantId: tenant.id, destination: 'pipedrive', accountKey: `${config.base_url}#${config.token}` };
  const fields = await fieldKeys(ctx.db, account, client, payload, ctx.now);

  let person: Awaited<ReturnType<typeof ensurePerson>>;
  try {
    person = await ensurePerson(client, payload, fields, ctx);
  } catch (error) {
    if (!(error instanceof HttpFailure && error.status === 400 && /custom field/i.test(error.body))) throw error;
    await forgetFieldKeys(ctx.db, account, ctx.now);
    return {
      kind: 'retry',
      reason: `Pipedrive refused a person field key (deleted since?): resolving again`,
      status: 400,
      body: error.body,
    };
  }
  if (typeof person !== 'number') return person;

  let leadId = typeof ctx.remote.lead_id === 'string' ? ctx.remote.lead_id : null;
  if (leadId === null) {
    leadId = stringId(await client.call('addLead', 'POST', '/v1/leads', leadBody(payload, person)));
    if (leadId === null) throw new HttpFailure(502, '', null, 'pipedrive addLead: no id');
    await ctx.saveRemote({ lead_id: leadId });
  }
  // One note per payload, even when a retry runs this again.
  if (ctx.remote.note_for !== ctx.payloadHash) {
    await client.call('addNote', 'POST', '/v1/notes', noteBody(payload, leadId));
    await ctx.saveRemote({ note_for: ctx.payloadHash });
  }
  return { kind: 'done', remoteId: String(person) };
}

export const pipedriveDestination = defineDestination<PipedriveConfig, PipedrivePayload>({
  destination: 'pipedrive',
  config: (tenant) => tenant.pipedrive ?? null,
  payload: (snapshot, { config }) => pipedrivePayload(snapshot, config),
  deliver: deliverToPipedrive,
  erase: eraseFromPipedrive,
});
