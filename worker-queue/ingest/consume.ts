/**
 * The `events` consumer: stores raw events (deduplicated), then derives leads and touches from what the log
 * holds. Set-based: three round trips (three D1 batches, each one transaction) and a bounded number of
 * statements per queue batch whatever its event count: rows travel as JSON parameters expanded by
 * `json_each` (core/statements.ts). If the whole batch fails, each message is retried on its own so one
 * poison message (or a passing D1 error) never redelivers its healthy neighbours.
 */
import * as v from 'valibot';
import { type Database, openDatabase } from '../../core/db';
import { type EventMessage, EventMessageSchema, flattenMessages } from '../../core/events';
import { logger } from '../../core/log';
import type { StatementCounter } from '../../core/statements';
import { backoffSeconds } from '../backoff';
import { meteredD1 } from '../d1-meter';
import { recordDeadLetters } from '../dead-letters';
import { foldVisitors, visitorKey } from './fold';
import { type ChangedLead, leadStatements, planLeadWrites, resolveLeads, writeLeads } from './leads';
import { mergeStatements, planIdentity } from './merge';
import { storeEvents } from './store-events';
import { loadTenants, type TenantRegistry } from '../../core/tenants';
import { type DeliveryQueues, fanOut } from './fan-out';
import { scoreLeads } from './score-lead';

export type { ChangedLead } from './leads';

/**
 * What one ingest did. `leads` is the seam for the steps that follow ingest (scoring, fan-out to the
 * destinations): every live lead whose state this call may have changed — the leads of the batch's
 * non-bot browsers and the survivors of its merges, each once, absorbed leads already resolved to their
 * survivor. `statements` and `roundTrips` are what the call cost against D1's per-invocation query limit.
 */
export interface IngestResult {
  leads: ChangedLead[];
  statements: number;
  roundTrips: number;
}

export async function ingestMessages(db: Database, messages: readonly EventMessage[], now: number): Promise<IngestResult> {
  const counter: StatementCounter = { statements: 0, roundTrips: 0 };
  // 1: raw events in, the stored rows back (never fold the incoming ones: a reused event id must not count).
  const stored = await storeEvents(db, flattenMessages(messages), counter);
  const folds = foldVisitors(stored);
  if (folds.length === 0) return { leads: [], ...counter };
  // 2: leads for new browsers; the batch's leads and its emails' owners read.
  const resolved = await resolveLeads(db, folds, now, counter);
  const identity = planIdentity(
    folds,
    (fold) => resolved.leadOfVisitor.get(visitorKey(fold.tenantId, fold.trackingId)) ?? '',
    resolved.states,
  );
  const plan = planLeadWrites(folds, resolved, identity);
  // 3: merges first (they free the absorbed leads' emails), then the survivors' writes.
  await writeLeads(db, [...mergeStatements(identity.merges, now), ...leadStatements(plan, now)], counter);
  return { leads: plan.changed, ...counter };
}

/**
 * The whole `events` step: ingest, then score the leads it changed (derived from their stored events), then fan
 * out one delivery message per (lead, destination). Every part is idempotent, so a retry after any failure
 * repeats the lot safely: the ledger downstream turns an identical re-sent payload into a no-op.
 */
export async function ingestThenDeliver(
  db: Database,
  queues: DeliveryQueues,
  tenants: TenantRegistry,
  messages: readonly EventMessage[],
  now: number,
): Promise<IngestResult & { enqueued: number }> {
  const result = await ingestMessages(db, messages, now);
  if (result.leads.length === 0) return { ...result, enqueued: 0 };
  const scored = await scoreLeads(
    db,
    tenants,
    result.leads.map((lead) => ({ tenant_id: lead.tenantId, lead_id: lead.leadId })),
    now,
  );
  const enqueued = await fanOut(db, queues, tenants, scored, now);
  return { ...result, enqueued: enqueued.length };
}

export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const meter = meteredD1(env.DB);
  const db = openDatabase(meter.db);
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
  const tenants = loadTenants(env.TENANTS);
  try {
    const before = { ...meter.counter };
    const result = await ingestThenDeliver(
      db,
      env,
      tenants,
      valid.map((item) => item.body),
      now,
    );
    for (const item of valid) item.message.ack();
    // One line per batch: the D1 cost is the number to watch against the per-invocation query limit
    // (`statements`: the ingest's; `score_fanout_statements`: scoring and the fan-out's outbox after it).
    const total = meter.counter.statements - before.statements;
    const totalRoundTrips = meter.counter.roundTrips - before.roundTrips;
    log.info('events batch ingested', {
      messages: valid.length,
      events: valid.reduce((sum, item) => sum + item.body.events.length, 0),
      leads: result.leads.length,
      enqueued: result.enqueued,
      statements: result.statements,
      round_trips: result.roundTrips,
      score_fanout_statements: total - result.statements,
      score_fanout_round_trips: totalRoundTrips - result.roundTrips,
    });
    return;
  } catch (error) {
    log.warn(`batch ingest failed, isolating messages: ${String(error)}`);
  }
  for (const item of valid) {
    try {
      await ingestThenDeliver(db, env, tenants, [item.body], now);
      item.message.ack();
    } catch (error) {
      log.error(String(error), { message_id: item.message.id, attempts: item.message.attempts, tenant: item.body.tenant_id });
      item.message.retry({ delaySeconds: backoffSeconds(item.message.attempts) });
    }
  }
}
