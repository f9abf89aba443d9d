/**
 * Replay of stored dead letters (design §2): re-enqueue to the queue each one failed on, only those that match
 * and were not replayed yet. Used by the ops route (edge/routes/ops/replay.ts) and by worker-queue code; it lives
 * in core so the edge never imports worker-queue (architecture rule 3).
 */
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from './db';
import { deadLetters } from './schema';

export interface ReplayFilter {
  tenantId: string;
  /** One dead letter (`dl_…`). */
  id?: string;
  /** All of a destination's (`chatwoot`, `hubspot`, …). */
  destination?: string;
  /** All of a lead's. */
  leadId?: string;
}

export interface ReplayedLetter {
  id: string;
  queue: string;
  destination: string | null;
  lead_id: string | null;
}

export interface ReplayResult {
  replayed: ReplayedLetter[];
  /** Ids that could not be sent (queue unavailable): left unreplayed for the next attempt. */
  failed: string[];
  /** The same ids with why each could not be sent (the console shows it). */
  failures: { id: string; error: string }[];
}

/** The producer bindings replay sends to. */
export type ReplayQueues = Pick<Env, 'EVENTS_QUEUE' | 'CHATWOOT_QUEUE' | 'CRM_QUEUE' | 'NOTIFY_QUEUE' | 'CHAT_QUEUE'>;

/** At most this many per call (one D1 statement's parameters); run again for more. */
export const REPLAY_LIMIT = 90;

export class ReplayFilterError extends Error {
  override name = 'ReplayFilterError';
}

function queueBinding(queues: ReplayQueues, deadLetterQueue: string): Queue | null {
  // Dead letters are stored under the queue they failed on (`chatwoot`) or its DLQ (`chatwoot-dlq`).
  const queue = deadLetterQueue.replace(/-dlq$/, '');
  if (queue === 'events') return queues.EVENTS_QUEUE;
  if (queue === 'chatwoot') return queues.CHATWOOT_QUEUE;
  if (queue === 'crm') return queues.CRM_QUEUE;
  if (queue === 'notify') return queues.NOTIFY_QUEUE;
  if (queue === 'chat') return queues.CHAT_QUEUE;
  return null;
}

function resend(body: string, id: string): unknown {
  const value: unknown = JSON.parse(body);
  // Destination messages say which dead letter they re-deliver (the ledger keeps it as replay_of).
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'destination' in value) return { ...value, replay_of: id };
  return value;
}

export async function replayDeadLetters(db: Database, queues: ReplayQueues, filter: ReplayFilter, now = Date.now()): Promise<ReplayResult> {
  if (!filter.id && !filter.destination && !filter.leadId) throw new ReplayFilterError('name a dead letter id, a destination or a lead');
  const conditions = [eq(deadLetters.tenantId, filter.tenantId), isNull(deadLetters.replayedAt)];
  if (filter.id) conditions.push(eq(deadLetters.id, filter.id));
  if (filter.destination) conditions.push(eq(deadLetters.destination, filter.destination));
  if (filter.leadId) conditions.push(eq(deadLetters.leadId, filter.leadId));
  const candidates = await db
    .select({ id: deadLetters.id })
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(deadLetters.createdAt)
    .limit(REPLAY_LIMIT);
  if (candidates.length === 0) return { replayed: [], failed: [], failures: [] };
  // Marking first, conditionally: two replays at once re-send each dead letter once.
  const claimed = await db
    .update(deadLetters)
    .set({ replayedAt: now })
    .where(
      and(
        eq(deadLetters.tenantId, filter.tenantId),
        isNull(deadLetters.replayedAt),
        inArray(
          deadLetters.id,
          candidates.map((row) => row.id),
        ),
      ),
    )
    .returning({
      id: deadLetters.id,
      queue: deadLetters.queue,
      body: deadLetters.body,
      destination: deadLetters.destination,
      leadId: deadLetters.leadId,
    });
  const replayed: ReplayedLetter[] = [];
  const failures: { id: string; error: string }[] = [];
  for (const row of claimed) {
    const queue = queueBinding(queues, row.queue);
    try {
      if (!queue) throw new Error(`no queue to replay "${row.queue}" to`);
      await queue.send(resend(row.body, row.id), { contentType: 'json' });
      replayed.push({ id: row.id, queue: row.queue.replace(/-dlq$/, ''), destination: row.destination, lead_id: row.leadId });
    } catch (error) {
      failures.push({ id: row.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const failed = failures.map((failure) => failure.id);
  if (failed.length > 0) {
    // Not sent: unmark, so the next replay picks them up again.
    await db
      .update(deadLetters)
      .set({ replayedAt: null })
      .where(and(eq(deadLetters.tenantId, filter.tenantId), inArray(deadLetters.id, failed), eq(deadLetters.replayedAt, sql`${now}`)));
  }
  return { replayed, failed, failures };
}
