/**
 * The console's view of dead letters (GET /v1/admin/dead-letters): what no retry could fix, with the provider's
 * HTTP status and body excerpt (bounded when stored), newest first. `open` = not replayed yet (replayable);
 * `replayed` = re-enqueued once (a later failure of the replay is a new dead letter).
 */
import { type SQL, and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Database } from '../db';
import { deadLetters } from '../schema';
import { type Keyset, afterCursor, decodeCursor, page } from './keyset-cursor';

export const DEAD_LETTER_STATUSES = ['open', 'replayed'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

export interface DeadLetterFilter {
  destination?: string;
  leadId?: string;
  status?: DeadLetterStatus;
  limit: number;
  cursor?: string;
}

export interface DeadLetterView {
  id: string;
  /** The queue it failed on (`chatwoot`, `crm`, `notify`, `events`), without the `-dlq` suffix. */
  queue: string;
  destination: string | null;
  target: number | null;
  lead_id: string | null;
  error: string | null;
  provider_status: number | null;
  provider_body: string | null;
  created_at: string;
  replayed_at: string | null;
  status: DeadLetterStatus;
  attempts: number;
  /** True when the platform's dead-letter queue handed it over after the retries ran out. */
  from_dlq: boolean;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What a dead letter view is made of (a drizzle select of COLUMNS, or the same names aliased in raw SQL). */
export type DeadLetterSource = Pick<
  typeof deadLetters.$inferSelect,
  'id' | 'queue' | 'destination' | 'target' | 'leadId' | 'error' | 'status' | 'providerBody' | 'createdAt' | 'replayedAt' | 'attempts'
>;

const COLUMNS = {
  id: deadLetters.id,
  queue: deadLetters.queue,
  destination: deadLetters.destination,
  target: deadLetters.target,
  leadId: deadLetters.leadId,
  error: deadLetters.error,
  status: deadLetters.status,
  providerBody: deadLetters.providerBody,
  createdAt: deadLetters.createdAt,
  replayedAt: deadLetters.replayedAt,
  attempts: deadLetters.attempts,
};

export function deadLetterView(row: DeadLetterSource): DeadLetterView {
  return {
    id: row.id,
    queue: row.queue.replace(/-dlq$/, ''),
    destination: row.destination,
    target: row.target,
    lead_id: row.leadId,
    error: row.error,
    provider_status: row.status,
    provider_body: row.providerBody,
    created_at: new Date(row.createdAt).toISOString(),
    replayed_at: iso(row.replayedAt),
    status: row.replayedAt === null ? 'open' : 'replayed',
    attempts: row.attempts,
    from_dlq: row.queue.endsWith('-dlq'),
  };
}

export async function listDeadLetters(
  db: Database,
  tenantId: string,
  filter: DeadLetterFilter,
): Promise<{ dead_letters: DeadLetterView[]; next_cursor: string | null }> {
  const conditions: (SQL | undefined)[] = [eq(deadLetters.tenantId, tenantId)];
  if (filter.destination !== undefined) conditions.push(eq(deadLetters.destination, filter.destination));
  if (filter.leadId !== undefined) conditions.push(eq(deadLetters.leadId, filter.leadId));
  if (filter.status === 'open') conditions.push(isNull(deadLetters.replayedAt));
  if (filter.status === 'replayed') conditions.push(isNotNull(deadLetters.replayedAt));
  if (filter.cursor !== undefined) conditions.push(afterCursor(deadLetters.createdAt, deadLetters.id, decodeCursor(filter.cursor)));
  const rows = await db
    .select(COLUMNS)
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.createdAt), desc(deadLetters.id))
    .limit(filter.limit + 1);
  const { items, nextCursor } = page(rows, filter.limit, (row): Keyset => ({ at: row.createdAt, id: row.id }));
  return { dead_letters: items.map(deadLetterView), next_cursor: nextCursor };
}

/** One of the tenant's dead letters, or null (another tenant's id answers exactly like a missing one). */
export async function findDeadLetter(db: Database, tenantId: string, id: string): Promise<DeadLetterView | null> {
  const [row] = await db
    .select(COLUMNS)
    .from(deadLetters)
    .where(and(eq(deadLetters.tenantId, tenantId), eq(deadLetters.id, id)))
    .limit(1);
  return row ? deadLetterView(row) : null;
}
