/**
 * The signed-webhook destination (design §5, issue 9 item 5): each `[[webhooks]]` entry of the tenant is a target.
 * 2xx done; 429/5xx retry (Retry-After honoured); 410 Gone stops deliveries to that URL: recorded per endpoint
 * (destination_accounts, visible with the dead letters) and every later message is a dead letter saying so, until a
 * replay (the operator's "try again") reaches it with a 2xx or the tenant configures another URL.
 */
import type { WebhookConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import { type AccountKey, readAccountState, writeAccountState } from '../account-state';
import { eraseByWebhook } from './erase';
import { type DeliveryContext, defineDestination } from '../deliver';
import { canonicalJson } from '../ledger';
import { HttpFailure, type Outcome, PermanentFailure } from '../outcome';
import { postWebhook } from './client';
import { type WebhookPayload, idempotencyKey, webhookBody, webhookPayload } from './mapping';

type Context = DeliveryContext<WebhookConfig, WebhookPayload>;

function sameLead(previous: unknown, payload: WebhookPayload): boolean {
  const lead: unknown = typeof previous === 'object' && previous !== null ? Reflect.get(previous, 'lead') : undefined;
  return lead !== undefined && canonicalJson(lead) === canonicalJson(payload.lead);
}

async function deliverWebhook(ctx: Context): Promise<Outcome> {
  const { config, tenant, payload } = ctx;
  if (!config.events.includes(payload.type)) return { kind: 'done', remoteId: null };
  // A lead.upserted showing exactly what this endpoint last received (e.g. right after its lead.stage_changed) says nothing new.
  if (payload.type === 'lead.upserted' && sameLead(ctx.previous, payload)) return { kind: 'done', remoteId: null };
  const secret = readSecret(ctx.env, config.secret);
  if (!secret) throw new PermanentFailure(`secret ${config.secret} is not set (wrangler secret put ${config.secret})`);
  const endpoint: AccountKey = { tenantId: tenant.id, destination: 'webhook', accountKey: config.url };
  const state = await readAccountState(ctx.db, endpoint);
  if (typeof state.gone_at === 'number' && ctx.message.replay_of === undefined) {
    return {
      kind: 'dead',
      reason: `webhook ${config.url} answered 410 Gone at ${new Date(state.gone_at).toISOString()}: deliveries to it are stopped (replay to try again)`,
      status: 410,
    };
  }
  try {
    await postWebhook({
      url: config.url,
      secret,
      body: webhookBody(payload, ctx.snapshot, ctx.now),
      idempotencyKey: idempotencyKey(ctx.snapshot.id, ctx.payloadHash, ctx.message.target),
      timeoutMs: ctx.timeoutMs,
      now: ctx.now,
      onAnswer: ctx.recordAnswer,
    });
  } catch (error) {
    if (error instanceof HttpFailure && error.status === 410) {
      await writeAccountState(ctx.db, endpoint, { ...state, gone_at: ctx.now, status: 410 }, ctx.now);
      return {
        kind: 'dead',
        reason: `webhook ${config.url} answered 410 Gone: deliveries to it are stopped`,
        status: 410,
        body: error.body,
      };
    }
    throw error;
  }
  if (state.gone_at !== undefined) await writeAccountState(ctx.db, endpoint, { ...state, gone_at: null, status: null }, ctx.now);
  return { kind: 'done', remoteId: null };
}

export const webhookDestination = defineDestination<WebhookConfig, WebhookPayload>({
  destination: 'webhook',
  config: (tenant, target) => tenant.webhooks[target] ?? null,
  payload: (snapshot, { message }) => webhookPayload(snapshot, message),
  deliver: deliverWebhook,
  erase: eraseByWebhook,
});
