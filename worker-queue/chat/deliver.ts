/**
 * One visitor message to Chatwoot (design §3 chat relay, issue 10 item 6): find the visitor's lead (following
 * merges), find its conversation (chatwoot_links, re-pointed after merges); if the lead has none yet, ask the
 * Chatwoot destination to create it — contact, conversation with its lt_* attributes, the questionnaire note —
 * by putting a delivery on the `chatwoot` queue, and come back later. Then post the text as an incoming message.
 */
import { leadOfTrackingId } from '../../core/chat/store';
import type { Database } from '../../core/db';
import type { DeliveryMessage } from '../../core/messages';
import type { TenantConfig } from '../../core/tenants';
import { readSecret } from '../../core/tenants/secrets';
import { createChatwootClient } from '../destinations/chatwoot/client';
import { findLink } from '../destinations/chatwoot/links';
import { type Outcome, outcomeOfError } from '../destinations/outcome';
import { type ChatKey, leadVersion, leaseChatMessage, markSent, readChatMessage, releaseChatMessage } from './rows';

export interface ChatDeps {
  db: Database;
  env: Env;
  timeoutMs: number;
  now: () => number;
}

/** A short wait on our own work in progress (another consumer holds the message): come back in seconds. */
const SOON = 3;

/**
 * Done, retried, dead — or `wait`: the pipeline is still doing something this message needs (the visitor's events
 * being ingested, the conversation being created); consume.ts retries it soon, not with the provider backoff.
 */
export type ChatOutcome = Outcome | { kind: 'wait'; reason: string };

export async function deliverChatMessage(tenant: TenantConfig, key: ChatKey, deps: ChatDeps): Promise<ChatOutcome> {
  const { db, env } = deps;
  const chatwoot = tenant.chatwoot;
  if (!chatwoot) return { kind: 'dead', reason: `tenant "${tenant.id}" has no chatwoot configured` };
  const row = await readChatMessage(db, key);
  if (!row || row.status === 'sent') return { kind: 'done' };
  const leadId = await leadOfTrackingId(db, tenant.id, key.trackingId);
  if (leadId === null) return { kind: 'wait', reason: 'the visitor has no lead yet (its events are being ingested)' };
  const link = await findLink(db, tenant.id, leadId, chatwoot.account_id);
  if (link?.conversationId == null) {
    // The Chatwoot destination creates it exactly once (its claim and ledger); asking twice is harmless.
    const delivery: DeliveryMessage = {
      v: 1,
      tenant_id: tenant.id,
      destination: 'chatwoot',
      target: 0,
      lead_id: leadId,
      lead_version: await leadVersion(db, tenant.id, leadId),
      type: 'lead.upserted',
    };
    await env.CHATWOOT_QUEUE.send(delivery, { contentType: 'json' });
    return { kind: 'wait', reason: 'the lead has no Chatwoot conversation yet: asked the chatwoot queue to create it' };
  }
  const token = readSecret(env, chatwoot.token);
  if (!token) return { kind: 'dead', reason: `secret ${chatwoot.token} is not set (wrangler secret put ${chatwoot.token})` };
  if (!(await leaseChatMessage(db, key, deps.now()))) {
    return { kind: 'retry', reason: 'another consumer is posting this message', retryAfterSeconds: SOON };
  }
  const client = createChatwootClient({ baseUrl: chatwoot.base_url, accountId: chatwoot.account_id, token, timeoutMs: deps.timeoutMs });
  try {
    const result = await client.call('create-a-new-message-in-a-conversation', 'POST', `/conversations/${link.conversationId}/messages`, {
      body: { content: row.text, message_type: 'incoming', private: false, content_type: 'text' },
    });
    const id: unknown = typeof result.body === 'object' && result.body !== null ? Reflect.get(result.body, 'id') : null;
    await markSent(db, key, {
      leadId,
      conversationId: link.conversationId,
      remoteMessageId: typeof id === 'number' ? id : null,
      now: deps.now(),
    });
    return { kind: 'done', remoteId: typeof id === 'number' ? String(id) : null };
  } catch (error) {
    const outcome = outcomeOfError(error);
    await releaseChatMessage(db, key, outcome.kind === 'done' ? '' : outcome.reason);
    return outcome;
  }
}
