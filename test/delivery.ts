/** Fixtures for the destination tests: seed a lead through the real ingest, shape it, build delivery messages. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { openDatabase } from '../core/db';
import type { EventMessage } from '../core/events';
import type { DeliveryMessage } from '../core/messages';
import type { LeadAnswer, ScoreItem, Stage } from '../core/scoring/types';
import worker from '../worker';
import { ingestMessages } from '../worker-queue/ingest/consume';
import { rows } from './db';
import { event, requestContext as requestContextOf, touch } from './fixtures';

const requestContext = requestContextOf();

export interface SeededLead {
  leadId: string;
  trackingId: string;
  email: string;
}

/** A visitor from a paid-search campaign who identified with an email, stored by the real ingest code. */
export async function seedLead(tenantId: string, options: { email?: string; trackingId?: string } = {}): Promise<SeededLead> {
  const trackingId = options.trackingId ?? `trk_${nanoid()}`;
  const email = options.email ?? `${nanoid(8).toLowerCase()}@example.com`;
  const first = touch({ ts: Date.now() - 3_600_000, utm_campaign: 'spring' });
  const events = [
    event({ tracking_id: trackingId, first_touch: first, last_touch: first, ts: Date.now() - 3_000_000 }),
    event({
      tracking_id: trackingId,
      type: 'identify',
      traits: { email, name: 'Ada Lovelace' },
      first_touch: first,
      last_touch: first,
      ts: Date.now() - 2_000_000,
    }),
  ];
  const message: EventMessage = {
    v: 1,
    tenant_id: tenantId,
    request: requestContext,
    events: events.map((item) => ({ ts: item.ts, event: item })),
  };
  await ingestMessages(openDatabase(env.DB), [message], Date.now());
  const [lead] = await rows<{ lead_id: string }>(
    'SELECT lead_id FROM lead_aliases WHERE tenant_id = ? AND tracking_id = ?',
    tenantId,
    trackingId,
  );
  if (!lead) throw new Error('seeded lead not found');
  return { leadId: lead.lead_id, trackingId, email };
}

/** Sets what scoring would have derived (the scoring helper's code does this in production). */
export async function shapeLead(
  tenantId: string,
  leadId: string,
  fields: { score: number; stage: Stage; version: number; answers?: LeadAnswer[]; breakdown?: ScoreItem[] },
): Promise<void> {
  await env.DB.prepare(
    'UPDATE leads SET score = ?, stage = ?, version = ?, answers = ?, score_breakdown = ? WHERE tenant_id = ? AND id = ?',
  )
    .bind(
      fields.score,
      fields.stage,
      fields.version,
      JSON.stringify(fields.answers ?? []),
      JSON.stringify(fields.breakdown ?? []),
      tenantId,
      leadId,
    )
    .run();
}

export function deliveryMessage(tenantId: string, leadId: string, overrides: Partial<DeliveryMessage> = {}): DeliveryMessage {
  return {
    v: 1,
    tenant_id: tenantId,
    destination: 'chatwoot',
    target: 0,
    lead_id: leadId,
    lead_version: 1,
    type: 'lead.upserted',
    ...overrides,
  };
}

export interface QueueOutcome {
  acks: string[];
  retries: { id: string; delaySeconds: number | undefined }[];
}

/**
 * A real batch through the Worker's queue handler. Built here rather than with `createMessageBatch` because that
 * one does not record `retry({ delaySeconds })`, which these tests assert (Retry-After, backoff).
 */
export async function runBatch(queue: string, bodies: unknown[], options: { attempts?: number; env?: Partial<Env> } = {}) {
  const result: QueueOutcome = { acks: [], retries: [] };
  const messages: Message<unknown>[] = bodies.map((body) => {
    const id = nanoid();
    return {
      id,
      timestamp: new Date(),
      attempts: options.attempts ?? 1,
      body,
      ack: () => void result.acks.push(id),
      retry: (retry?: QueueRetryOptions) => void result.retries.push({ id, delaySeconds: retry?.delaySeconds }),
    };
  });
  const batch: MessageBatch<unknown> = {
    queue,
    messages,
    metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } },
    ackAll: () => void result.acks.push(...messages.map((message) => message.id)),
    retryAll: (retry?: QueueRetryOptions) =>
      void result.retries.push(...messages.map((message) => ({ id: message.id, delaySeconds: retry?.delaySeconds }))),
  };
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.env }, ctx);
  await waitOnExecutionContext(ctx);
  return { messages, result };
}
