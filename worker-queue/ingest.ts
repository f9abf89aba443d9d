/**
 * The `events` consumer: stores raw events (deduplicated), then derives leads and touches. The whole batch
 * is tried in a few round trips; if that fails, each message is retried on its own so one poison message
 * (or a passing D1 error) never redelivers its healthy neighbours.
 */
import * as v from 'valibot';
import { type Database, openDatabase } from '../core/db';
import { type EventMessage, EventMessageSchema, flattenMessages } from '../core/events';
import { logger } from '../core/log';
import { backoffSeconds } from './backoff';
import { recordDeadLetters } from './dead-letters';
import { foldVisitors, leadUpdates, resolveLeads, runBatch } from './leads';
import { attachEmail } from './merge';
import { insertRawEvents } from './store-events';

export async function ingestMessages(db: Database, messages: readonly EventMessage[], now: number): Promise<void> {
  const events = flattenMessages(messages);
  await runBatch(db, insertRawEvents(db, events));
  const folds = foldVisitors(events);
  if (folds.length === 0) return;
  const leadIds = await resolveLeads(db, folds, now);
  const statements = folds.flatMap((fold) => {
    const leadId = leadIds.get(`${fold.tenantId}\u0000${fold.trackingId}`);
    return leadId ? leadUpdates(db, fold, leadId, now) : [];
  });
  await runBatch(db, statements);
  for (const fold of folds) {
    const leadId = leadIds.get(`${fold.tenantId}\u0000${fold.trackingId}`);
    if (leadId && fold.email) await attachEmail(db, fold.tenantId, leadId, fold.email, now);
  }
}

export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = openDatabase(env.DB);
  const now = Date.now();
  const log = logger({ queue: batch.queue });
  const valid: { message: Message<unknown>; body: EventMessage }[] = [];
  const malformed: Message<unknown>[] = [];
  for (const message of batch.messages) {
    const parsed = v.safeParse(EventMessageSchema, message.body);
    if (parsed.success) valid.push({ message, body: parsed.output });
    else malformed.push(message);
  }
  // A message that can never be valid is not retried: it goes straight to the dead letters.
  if (malformed.length > 0) {
    await recordDeadLetters(
      db,
      batch.queue,
      malformed.map((m) => ({ id: m.id, body: m.body, attempts: m.attempts, error: 'malformed event message' })),
      now,
    );
    for (const message of malformed) message.ack();
  }
  if (valid.length === 0) return;
  try {
    await ingestMessages(
      db,
      valid.map((item) => item.body),
      now,
    );
    for (const item of valid) item.message.ack();
    return;
  } catch (error) {
    log.warn(`batch ingest failed, isolating messages: ${String(error)}`);
  }
  for (const item of valid) {
    try {
      await ingestMessages(db, [item.body], now);
      item.message.ack();
    } catch (error) {
      log.error(String(error), { message_id: item.message.id, attempts: item.message.attempts, tenant: item.body.tenant_id });
      item.message.retry({ delaySeconds: backoffSeconds(item.message.attempts) });
    }
  }
}
