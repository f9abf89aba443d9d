/**
 * One queue handler for the Worker: a closed map from queue name (as declared in wrangler.toml) to its
 * consumer. An unknown queue throws, so the platform retries the batch and the error is in the logs,
 * instead of a guessed consumer eating messages it does not understand.
 * Each destination queue has its own dead-letter queue; all of them are persisted to D1 (`dead_letters`).
 */
import { openDatabase } from '../core/db';
import { log } from '../core/log';
import { consumeChat } from './chat/consume';
import { recordDeadLetters } from './dead-letters';
import { chatwootConsumer } from './destinations/chatwoot';
import { consumeCrm } from './destinations/crm';
import { notifyConsumer } from './destinations/notify';
import { persistDestinationDlq } from './destinations/dead-letter-queue';
import { consumeEvents } from './ingest/consume';

type Consumer = (batch: MessageBatch<unknown>, env: Env) => Promise<void>;

const persistFromDlq: Consumer = (batch, env) => persistDeadLetters(batch, env, 'delivered by the dead-letter queue after retries ran out');

export const QUEUE_CONSUMERS: Readonly<Record<string, Consumer>> = {
  events: consumeEvents,
  chatwoot: chatwootConsumer,
  crm: consumeCrm,
  notify: notifyConsumer,
  chat: consumeChat,
  'events-dlq': persistFromDlq,
  'chatwoot-dlq': persistDestinationDlq,
  'crm-dlq': persistDestinationDlq,
  'notify-dlq': persistDestinationDlq,
  'chat-dlq': persistFromDlq,
};

export class UnknownQueueError extends Error {
  constructor(readonly queue: string) {
    super(`no consumer for queue "${queue}" (known: ${Object.keys(QUEUE_CONSUMERS).join(', ')})`);
    this.name = 'UnknownQueueError';
  }
}

export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  const consumer = Object.hasOwn(QUEUE_CONSUMERS, batch.queue) ? QUEUE_CONSUMERS[batch.queue] : undefined;
  if (!consumer) {
    const error = new UnknownQueueError(batch.queue);
    log('error', error.message, { queue: batch.queue });
    throw error;
  }
  return consumer(batch, env);
}

async function persistDeadLetters(batch: MessageBatch<unknown>, env: Env, reason: string): Promise<void> {
  const now = Date.now();
  await recordDeadLetters(
    openDatabase(env.DB),
    batch.queue,
    batch.messages.map((message) => ({ id: message.id, body: message.body, attempts: message.attempts, error: reason })),
    now,
  );
  batch.ackAll();
}
