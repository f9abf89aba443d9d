/**
 * The HubSpot destination (design §5, issue 9 item 2): one contact per person, upserted by lower-cased email with
 * the batch API (several leads of a queue batch in one call, objectWriteTraceId = our delivery id); a lead without
 * an email is created once and then updated by the HubSpot id remembered on its claim; the `lt_*` properties (and
 * any the mapping names) are provisioned once per portal; with `create_lead`, one HubSpot Lead per LeadTrail lead is
 * associated to the contact (lead.ts). Runs in the delivery loop (../deliver.ts).
 */
import type { HubspotConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { AccountKey } from '../account-state';
import { coalesce } from '../coalesce';
import { eraseFromHubspot } from './erase';
import { type DeliveryContext, defineDestination } from '../deliver';
import { HttpFailure, type Outcome, PermanentFailure } from '../outcome';
import { type HubspotClient, createHubspotClient } from './client';
import { ensureLead } from './lead';
import { type HubspotPayload, createInput, hubspotPayload, updateInput, upsertInput } from './mapping';
import { ensureProperties, forgetProperties } from './provision';
import { missingPropertyBody, upsertContacts } from './upsert';

type Context = DeliveryContext<HubspotConfig, HubspotPayload>;

/** HubSpot's batch limit. */
const MAX_INPUTS = 100;
/** How long the first lead of a batch waits for the others that will not come (stale, already delivered). */
const WINDOW_MS = 50;

/** The coalescing key of a tenant's portal (crm consumer counts leads per key). */
export function hubspotBatchKey(tenantId: string): string {
  return `hubspot\u0000${tenantId}`;
}

/** `batchClient` reports no answers: one batch call answers for several leads, each takes its own part. */
async function byEmail(ctx: Context, batchClient: HubspotClient, email: string): Promise<Outcome> {
  const input = upsertInput({ ...ctx.payload, email }, ctx.deliveryId);
  const result = await coalesce(hubspotBatchKey(ctx.tenant.id), input, (inputs) => upsertContacts(batchClient, inputs), {
    max: MAX_INPUTS,
    windowMs: WINDOW_MS,
  });
  if (!result.ok)
    return { kind: 'dead', reason: `HubSpot refused the contact ${email}: ${result.message}`, status: 207, body: result.body };
  ctx.recordAnswer(result.answer);
  if (ctx.remote.contact_id !== result.id) await ctx.saveRemote({ contact_id: result.id, by: 'email' });
  return { kind: 'done', remoteId: result.id };
}

/** A lead HubSpot knows by id (created without an email): create it once, then update that contact. */
async function byId(ctx: Context, client: HubspotClient): Promise<Outcome> {
  const known = typeof ctx.remote.contact_id === 'string' ? ctx.remote.contact_id : null;
  if (known !== null) {
    const answer = await client.call(
      'contacts update',
      'PATCH',
      `/crm/v3/objects/contacts/${encodeURIComponent(known)}`,
      updateInput(ctx.payload),
      [404],
    );
    if (answer.status !== 404) return { kind: 'done', remoteId: known };
    // Deleted in HubSpot since: create it again.
  }
  const created = await client.call('contacts create', 'POST', '/crm/v3/objects/contacts', createInput(ctx.payload));
  const id: unknown = typeof created.body === 'object' && created.body !== null ? Reflect.get(created.body, 'id') : undefined;
  if (typeof id !== 'string') throw new HttpFailure(502, JSON.stringify(created.body), null, 'hubspot contacts create: no id');
  await ctx.saveRemote({ contact_id: id, by: 'id' });
  return { kind: 'done', remoteId: id };
}

async function deliverToHubspot(ctx: Context): Promise<Outcome> {
  const { config, tenant } = ctx;
  const token = readSecret(ctx.env, config.token);
  if (!token) throw new PermanentFailure(`secret ${config.token} is not set (wrangler secret put ${config.token})`);
  const options = {
    baseUrl: config.base_url,
    token,
    timeoutMs: ctx.timeoutMs,
    onRemaining: (remaining: number) => {
      if (remaining < 10) ctx.log.warn('HubSpot rate limit nearly reached for this portal', { remaining });
    },
  };
  const client = createHubspotClient({ ...options, onAnswer: ctx.recordAnswer });
  const account: AccountKey = { tenantId: tenant.id, destination: 'hubspot', accountKey: `${config.base_url}#${config.token}` };
  await ensureProperties(ctx.db, account, client, ctx.payload, ctx.now);
  try {
    const email = ctx.payload.email;
    const outcome =
      email !== null && ctx.remote.by !== 'id' ? await byEmail(ctx, createHubspotClient(options), email) : await byId(ctx, client);
    if (outcome.kind === 'done' && typeof outcome.remoteId === 'string') await ensureLead(ctx, client, outcome.remoteId);
    return outcome;
  } catch (error) {
    const body = missingPropertyBody(error);
    if (body === null) throw error;
    // Provisioned once, deleted in HubSpot since: forget and retry, the next attempt creates it again.
    await forgetProperties(ctx.db, account, ctx.now);
    return { kind: 'retry', reason: `HubSpot portal lacks a mapped property: ${body.slice(0, 300)}`, status: 400, body };
  }
}

export const hubspotDestination = defineDestination<HubspotConfig, HubspotPayload>({
  destination: 'hubspot',
  config: (tenant) => tenant.hubspot ?? null,
  payload: (snapshot, { config }) => hubspotPayload(snapshot, config),
  deliver: deliverToHubspot,
  erase: eraseFromHubspot,
});
