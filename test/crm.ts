/**
 * Helpers of the CRM workerd tests: a lead stored in D1 the way the ingest consumer leaves it, delivery messages
 * for the `crm` queue, and a real queue batch run through the Worker's `queue()` handler.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import type { DeliveryMessage } from '../core/messages';
import type { LeadAnswer, ScoreItem, Stage } from '../core/scoring/types';
import worker from '../worker';
import { openDatabase } from '../core/db';
import { replayDeadLetters } from '../core/dead-letters';
import { recordingQueue, touch } from './fixtures';

export interface SeededLead {
  tenantId: string;
  leadId: string;
  trackingId: string;
  email: string | null;
}

export interface LeadShape {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  score?: number;
  stage?: Stage;
  version?: number;
  answers?: LeadAnswer[];
  breakdown?: ScoreItem[];
  traits?: Record<string, string>;
}

export async function seedCrmLead(tenantId: string, shape: LeadShape = {}): Promise<SeededLead> {
  const leadId = `lead_${nanoid(12)}`;
  const trackingId = `trk_${nanoid(12)}`;
  const email = shape.email === undefined ? `${leadId.toLowerCase()}@example.com` : shape.email;
  const now = Date.now();
  const first = touch({ ts: now - 3_600_000 });
  const last = touch({
    ts: now - 60_000,
    utm_campaign: 'retarget',
    utm_source: 'linkedin',
    channel: 'paid_social',
    click_ids: { li_fat_id: 'li-1' },
  });
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO leads (id, tenant_id, email, phone, name, traits, first_touch, last_touch, first_seen, last_seen, score, stage, score_breakdown, answers, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).bind(
      leadId,
      tenantId,
      email,
      shape.phone ?? null,
      shape.name === undefined ? 'Ada Lovelace' : shape.name,
      JSON.stringify(shape.traits ?? {}),
      JSON.stringify(first),
      JSON.stringify(last),
      first.ts,
      last.ts,
      shape.score ?? 45,
      shape.stage ?? 'MQL',
      JSON.stringify(shape.breakdown ?? [{ rule: 'contact_shared', points: 10, event_id: 'evt_contact' }]),
      JSON.stringify(shape.answers ?? [{ question_id: 'size', value: 'mid', points: 10, at: now, event_id: 'evt_size' }]),
      shape.version ?? 1,
      now,
      now,
    ),
    env.DB.prepare('INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at) VALUES (?, ?, ?, ?)').bind(
      tenantId,
      trackingId,
      leadId,
      now,
    ),
  ]);
  return { tenantId, leadId, trackingId, email };
}

/** Changes a stored lead (and bumps its version, as ingest does when anything a destination shows changes). */
export async function updateCrmLead(lead: SeededLead, shape: LeadShape): Promise<void> {
  const sets: string[] = ['version = version + 1', 'updated_at = ?'];
  const values: unknown[] = [Date.now()];
  if (shape.score !== undefined) sets.push('score = ?') && values.push(shape.score);
  if (shape.stage !== undefined) sets.push('stage = ?') && values.push(shape.stage);
  if (shape.email !== undefined) sets.push('email = ?') && values.push(shape.email);
  await env.DB.prepare(`UPDATE leads SET ${sets.join(', ')} WHERE tenant_id = ? AND id = ?`)
    .bind(...values, lead.tenantId, lead.leadId)
    .run();
}

export function crmMessage(
  lead: SeededLead,
  destination: DeliveryMessage['destination'],
  extra: Partial<DeliveryMessage> = {},
): DeliveryMessage {
  return { v: 1, tenant_id: lead.tenantId, destination, target: 0, lead_id: lead.leadId, lead_version: 1, type: 'lead.upserted', ...extra };
}

/** Runs one real `crm` queue batch through the Worker; returns which messages were acked and retried. */
export async function runCrmBatch(bodies: DeliveryMessage[], options: { attempts?: number; env?: Record<string, string> } = {}) {
  const attempts = options.attempts ?? 1;
  const batch = createMessageBatch(
    'crm',
    bodies.map((body, index) => ({ id: `msg-${nanoid(8)}-${index}`, timestamp: new Date(), attempts, body })),
  );
  // getQueueResult does not report retry delays: note them on the way through.
  const delays = new Map<string, number | undefined>();
  for (const message of batch.messages) {
    const retry = message.retry.bind(message);
    message.retry = (retryOptions?: QueueRetryOptions) => {
      delays.set(message.id, retryOptions?.delaySeconds);
      retry(retryOptions);
    };
  }
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...options.env }, ctx);
  const result = await getQueueResult(batch, ctx);
  return {
    batch,
    result: { ...result, retryMessages: result.retryMessages.map((retry) => ({ ...retry, delaySeconds: delays.get(retry.msgId) })) },
  };
}

/** Replays the lead's dead letters (core/dead-letters.ts) and runs what was re-enqueued as one crm batch. */
export async function replayCrm(lead: SeededLead) {
  const queue = recordingQueue();
  await replayDeadLetters(openDatabase(env.DB), { ...env, CRM_QUEUE: queue }, { tenantId: lead.tenantId, leadId: lead.leadId });
  return runCrmBatch(queue.sent as DeliveryMessage[]);
}

export async function crmDeadLetters(lead: SeededLead) {
  const result = await env.DB.prepare(
    'SELECT id, destination, target, lead_id, status, provider_body, error, replayed_at FROM dead_letters WHERE tenant_id = ? AND lead_id = ? ORDER BY created_at',
  )
    .bind(lead.tenantId, lead.leadId)
    .all<{
      id: string;
      destination: string;
      target: number;
      lead_id: string;
      status: number | null;
      provider_body: string | null;
      error: string;
      replayed_at: number | null;
    }>();
  return result.results;
}
