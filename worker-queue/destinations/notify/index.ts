/**
 * The notification destination (design §5): a stage change to one of the target's `stages` → one message to its
 * incoming webhook (Slack, Discord or Teams). The hashed payload is the stage change itself, so a redelivered
 * message or the same change fanned out twice is a no-op in the ledger; the text is rendered at send time from
 * the current snapshot and the lead's Chatwoot conversation.
 */
import * as v from 'valibot';
import { conversationOfLead } from '../../../core/chatwoot/conversation-store';
import { AlertMessageSchema } from '../../../core/messages';
import type { StageChange } from '../../../core/lead-snapshot';
import type { NotifyConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import { type DeliveryContext, createDeliveryConsumer, defineDestination } from '../deliver';
import { type Outcome, PermanentFailure, outcomeOfStatus } from '../outcome';
import { type AlertQueueItem, consumeAlerts } from './alert';
import { postNotification } from './client';
import { notificationPayload, shouldNotify } from './mapping';
import type { NotificationLinks } from './summary';

export interface NotifyPayload {
  kind: NotifyConfig['kind'];
  lead_id: string;
  stage_change: StageChange | null;
}

type Context = DeliveryContext<NotifyConfig, NotifyPayload>;

async function linksOf(ctx: Context): Promise<NotificationLinks> {
  const chatwoot = ctx.tenant.chatwoot;
  if (!chatwoot) return { chatwoot: null };
  const conversationId = await conversationOfLead(ctx.db, ctx.tenant.id, ctx.snapshot.id, chatwoot.account_id);
  if (conversationId === null) return { chatwoot: null };
  return { chatwoot: { base_url: chatwoot.base_url, account_id: chatwoot.account_id, conversation_id: conversationId } };
}

async function deliverNotification(ctx: Context): Promise<Outcome> {
  const change = ctx.payload.stage_change;
  if (change === null || !shouldNotify(ctx.config, change)) {
    ctx.log.debug('not a stage change this target notifies', { to: change?.to ?? null });
    return { kind: 'done', remoteId: null };
  }
  const url = readSecret(ctx.env, ctx.config.url);
  if (!url) throw new PermanentFailure(`secret ${ctx.config.url} is not set (wrangler secret put ${ctx.config.url})`);
  const message = notificationPayload(ctx.config.kind, ctx.snapshot, change, await linksOf(ctx));
  const response = await postNotification(url, message, { timeoutMs: ctx.timeoutMs });
  ctx.recordAnswer({ operation: `${ctx.config.kind} webhook`, status: response.status, body: response.body });
  if (response.status >= 200 && response.status < 300) return { kind: 'done', remoteId: null };
  return outcomeOfStatus(response.status, response.body, response.retryAfter, `${ctx.config.kind} webhook`);
}

export const notifyDestination = defineDestination<NotifyConfig, NotifyPayload>({
  destination: 'notify',
  config: (tenant, target) => tenant.notify[target] ?? null,
  payload: (snapshot, { config, message }) => ({ kind: config.kind, lead_id: snapshot.id, stage_change: message.stage_change ?? null }),
  deliver: deliverNotification,
});

const consumeNotifications = createDeliveryConsumer([notifyDestination]);

/**
 * The `notify` queue's consumer (worker-queue/index.ts: `notify: notifyConsumer`): lead notifications go through the
 * delivery loop; alerts from the alerts cron (`kind: "alert"`) are posted by ./alert.ts.
 */
export async function notifyConsumer(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const alerts: AlertQueueItem[] = [];
  const others: Message<unknown>[] = [];
  for (const message of batch.messages) {
    const parsed = v.safeParse(AlertMessageSchema, message.body);
    if (parsed.success) alerts.push({ message, body: parsed.output });
    else others.push(message);
  }
  if (alerts.length > 0) await consumeAlerts(batch.queue, alerts, env);
  if (others.length === 0) return;
  if (alerts.length === 0) return consumeNotifications(batch, env);
  const rest: MessageBatch<unknown> = {
    queue: batch.queue,
    messages: others,
    metadata: batch.metadata,
    ackAll: () => others.forEach((message) => message.ack()),
    retryAll: (options) => others.forEach((message) => message.retry(options)),
  };
  return consumeNotifications(rest, env);
}
