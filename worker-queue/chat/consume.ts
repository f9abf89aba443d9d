/**
 * The `chat` queue's consumer: each message names one accepted visitor message (chat_messages); deliver.ts posts
 * it. done → ack; retry → `retry({ delaySeconds })` (the pipeline's wait, the provider's Retry-After, or capped
 * backoff); dead → a dead letter at once (missing config or secret, a 4xx), acknowledged. After max_retries the
 * queue hands it to `chat-dlq`, which persists it like every dead-letter queue.
 */
import * as v from 'valibot';
import { openDatabase } from '../../core/db';
import { logger } from '../../core/log';
import { ChatQueueMessageSchema } from '../../core/messages';
import { loadTenants } from '../../core/tenants';
import { recordDeadLetters } from '../dead-letters';
import { timeoutFrom } from '../destinations/deliver';
import { retryDelaySeconds } from '../destinations/outcome';
import { type ChatDeps, type ChatOutcome, deliverChatMessage } from './deliver';

/**
 * Seconds before a message waiting on the pipeline tries again: 2 s more per attempt, at most a minute, so a
 * conversation created a moment later is used at once while a Chatwoot outage (the chatwoot queue backing off)
 * still has the queue's 20 retries (about 25 minutes) before the message becomes a dead letter.
 */
export function waitSeconds(attempts: number): number {
  return Math.min(60, 2 * Math.max(1, attempts));
}

async function outcomeOf(message: Message<unknown>, deps: ChatDeps, tenants: ReturnType<typeof loadTenants>): Promise<ChatOutcome> {
  const parsed = v.safeParse(ChatQueueMessageSchema, message.body);
  if (!parsed.success) return { kind: 'dead', reason: `malformed chat message: ${parsed.issues.map((issue) => issue.message).join('; ')}` };
  const body = parsed.output;
  const tenant = tenants.byId.get(body.tenant_id);
  if (!tenant) return { kind: 'dead', reason: `unknown tenant "${body.tenant_id}"` };
  return deliverChatMessage(tenant, { tenant: tenant.id, trackingId: body.tracking_id, clientId: body.client_id }, deps);
}

export async function consumeChat(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const deps: ChatDeps = { db: openDatabase(env.DB), env, timeoutMs: timeoutFrom(env), now: () => Date.now() };
  const tenants = loadTenants(env.TENANTS);
  await Promise.all(
    batch.messages.map(async (message) => {
      const log = logger({ queue: batch.queue, message_id: message.id });
      let outcome: ChatOutcome;
      try {
        outcome = await outcomeOf(message, deps, tenants);
      } catch (error) {
        outcome = { kind: 'retry', reason: `chat delivery error: ${String(error)}` };
      }
      if (outcome.kind === 'done') return message.ack();
      if (outcome.kind === 'wait') {
        const delaySeconds = waitSeconds(message.attempts);
        log.info(`chat message waits: ${outcome.reason}`, { attempts: message.attempts, delay_s: delaySeconds });
        return message.retry({ delaySeconds });
      }
      if (outcome.kind === 'retry') {
        // Provider failures and our own hiccups back off (or follow Retry-After).
        const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
        log.warn(`chat message will be retried: ${outcome.reason}`, { attempts: message.attempts, delay_s: delaySeconds });
        return message.retry({ delaySeconds });
      }
      log.error(`chat message failed for good: ${outcome.reason}`, { status: outcome.status ?? null });
      await recordDeadLetters(
        deps.db,
        batch.queue,
        [
          {
            id: message.id,
            body: message.body,
            attempts: message.attempts,
            error: outcome.reason,
            status: outcome.status ?? null,
            providerBody: outcome.body ?? null,
          },
        ],
        deps.now(),
      );
      message.ack();
    }),
  );
}
