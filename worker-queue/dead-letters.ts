import type { Database } from '../core/db';
import { newId } from '../core/ids';
import { deadLetters } from '../core/schema';
import { bounded } from './destinations/outcome';

function tenantOf(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'tenant_id' in body && typeof body.tenant_id === 'string') return body.tenant_id;
  return null;
}

export interface DeadLetterInput {
  id: string;
  body: unknown;
  attempts: number;
  error: string | null;
  /** Destination messages: where it failed, for which lead, and what the provider answered. */
  destination?: string | null;
  target?: number | null;
  leadId?: string | null;
  status?: number | null;
  providerBody?: string | null;
}

/** A destination message that failed for good, as its dead-letter row: where, for which lead, and why. */
export function deadLetterOf(
  message: Pick<Message<unknown>, 'id' | 'body' | 'attempts'>,
  where: { destination: string | null; target: number | null; leadId: string | null },
  failure: { reason: string; status?: number | null | undefined; body?: string | null | undefined },
): DeadLetterInput {
  return {
    id: message.id,
    body: message.body,
    attempts: message.attempts,
    error: failure.reason,
    ...where,
    status: failure.status ?? null,
    providerBody: failure.body ?? null,
  };
}

/** Columns per row, so one multi-row INSERT stays under D1's 100 bound parameters. */
const ROWS_PER_INSERT = 7;

/**
 * Persists messages a consumer gave up on, or that a dead-letter queue delivered, so they can be seen and
 * replayed. Unique on (queue, message id): a redelivered dead letter is stored once.
 */
export async function recordDeadLetters(db: Database, queue: string, messages: readonly DeadLetterInput[], now: number): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((message) => ({
    id: newId('dl'),
    tenantId: tenantOf(message.body),
    queue,
    messageId: message.id,
    body: JSON.stringify(message.body),
    attempts: message.attempts,
    error: message.error === null ? null : bounded(message.error, 1000),
    createdAt: now,
    destination: message.destination ?? null,
    target: message.target ?? null,
    leadId: message.leadId ?? null,
    status: message.status ?? null,
    providerBody: message.providerBody === undefined || message.providerBody === null ? null : bounded(message.providerBody),
  }));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await db
      .insert(deadLetters)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .onConflictDoNothing();
  }
}
