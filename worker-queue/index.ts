/**
 * One queue handler for the Worker, switching on the queue a batch came from. Each destination queue
 * has its own dead-letter queue; all of them are persisted to D1 (`dead_letters`) for the console.
 */
import { openDatabase } from '../core/db';
import { recordDeadLetters } from './dead-letters';
import { consumeEvents } from './ingest';

/** Queue names may carry a deployment suffix (events-staging); match on the base name. */
function baseName(queue: string): string {
  if (queue.endsWith('-dlq')) return 'dlq';
  return queue.split('-')[0] ?? queue;
}

export async function handleQueue(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  switch (baseName(batch.queue)) {
    case 'events':
      return consumeEvents(batch, env);
    case 'dlq':
      return persistDeadLetters(batch, env, 'delivered by the dead-letter queue after retries ran out');
    case 'chatwoot':
    case 'crm':
    case 'notify':
      // Destination consumers arrive with their integrations; until then nothing is dropped: each
      // message is kept as a dead letter, replayable once the destination exists.
      return persistDeadLetters(batch, env, `no consumer for ${batch.queue} in this version`);
    default:
      console.error(JSON.stringify({ level: 'error', message: `unknown queue ${batch.queue}` }));
      batch.retryAll({ delaySeconds: 60 });
  }
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
