import type { Database } from '../core/db';
import { newId } from '../core/ids';
import { deadLetters } from '../core/schema';

function tenantOf(body: unknown): string | null {
  if (typeof body === 'object' && body !== null && 'tenant_id' in body && typeof body.tenant_id === 'string') return body.tenant_id;
  return null;
}

/**
 * Persists messages a consumer gave up on, or that a dead-letter queue delivered, so they can be seen and
 * replayed. Unique on (queue, message id): a redelivered dead letter is stored once.
 */
export async function recordDeadLetters(
  db: Database,
  queue: string,
  messages: readonly { id: string; body: unknown; attempts: number; error: string | null }[],
  now: number,
): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((message) => ({
    id: newId('dl'),
    tenantId: tenantOf(message.body),
    queue,
    messageId: message.id,
    body: JSON.stringify(message.body),
    attempts: message.attempts,
    error: message.error,
    createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += 12) {
    await db
      .insert(deadLetters)
      .values(rows.slice(i, i + 12))
      .onConflictDoNothing();
  }
}
