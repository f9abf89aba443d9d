/**
 * GDPR deletion to a signed webhook: a `lead.deleted` event (signed like every LeadTrail webhook) naming our lead
 * ids, so the receiver deletes what it stored. Sent to every endpoint whatever its `events` list: it is a notice the
 * receiver must act on, not a subscription. 2xx → deleted; 410 Gone → nobody left to tell (not_found).
 */
import type { WebhookConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { EraseContext, Erased } from '../erase';
import { HttpFailure, PermanentFailure } from '../outcome';
import { postWebhook } from './client';

export interface LeadDeletedBody {
  type: 'lead.deleted';
  /** The person's live lead id and the ids of the leads merged into it (what earlier webhooks carried as lead.id). */
  lead: { id: string; merged_ids: string[] };
  deletion_id: string;
  sent_at: number;
}

export function leadDeletedBody(leadIds: readonly string[], deletionId: string, sentAt: number): LeadDeletedBody {
  const [id = '', ...merged] = leadIds;
  return { type: 'lead.deleted', lead: { id, merged_ids: merged }, deletion_id: deletionId, sent_at: sentAt };
}

export async function eraseByWebhook(ctx: EraseContext<WebhookConfig>): Promise<Erased> {
  const secret = readSecret(ctx.env, ctx.config.secret);
  if (!secret) throw new PermanentFailure(`secret ${ctx.config.secret} is not set (wrangler secret put ${ctx.config.secret})`);
  try {
    await postWebhook({
      url: ctx.config.url,
      secret,
      body: JSON.stringify(leadDeletedBody(ctx.message.lead_ids, ctx.message.deletion_id, ctx.now)),
      idempotencyKey: `lt-deleted-${ctx.message.deletion_id}-${ctx.message.target}`,
      timeoutMs: ctx.timeoutMs,
      now: ctx.now,
    });
  } catch (error) {
    if (error instanceof HttpFailure && error.status === 410) return 'not_found';
    throw error;
  }
  return 'deleted';
}
