/**
 * The scoring writes of one chunk of leads, as ONE D1 batch (one transaction), set-based:
 *  1. INSERT … SELECT the `lead.stage_changed` rows, each only while the lead's stored stage is still the `from`
 *     this run read: a concurrent or repeated run that already moved the stage inserts nothing (exactly once);
 *     `fanned_out_at` NULL: the fan-out's outbox (worker-queue/ingest/fan-out.ts) sends and marks it;
 *  2. UPDATE … FROM json_each the score, stage, breakdown and answers, and version + 1.
 * Both RETURN what they did, so the caller reports the versions and stage changes that really happened.
 * (Query builders, not raw SQL: drizzle cannot put raw SQL with parameters into a D1 batch.)
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../core/db';
import { leadChanges, leads } from '../../core/schema';
import type { Stage } from '../../core/scoring/types';

export interface ScoreWrite {
  tenant_id: string;
  lead_id: string;
  score: number;
  stage: Stage;
  /** JSON text of the ScoreItem[] and LeadAnswer[]. */
  breakdown: string;
  answers: string;
}

export interface ChangeWrite {
  id: string;
  tenant_id: string;
  lead_id: string;
  from: Stage;
  to: Stage;
  score: number;
  /** When the lead reached the stage: the time of the latest event that scored (see stageReachedAt). */
  at: number;
}

/** A stage change the INSERT really recorded. */
export interface RecordedChange {
  tenant_id: string;
  lead_id: string;
  from: Stage | null;
  to: Stage | null;
  score: number | null;
  at: number;
}

/** A lead the UPDATE really wrote, with its new version. */
export interface UpdatedLead {
  tenant_id: string;
  lead_id: string;
  version: number;
}

/** Keeps each JSON parameter well under D1's 2 MB string limit (breakdowns of very active leads can be long). */
const MAX_PARAM_CHARS = 900_000;

export async function writeScores(
  db: Database,
  updates: readonly ScoreWrite[],
  changes: readonly ChangeWrite[],
  now: number,
): Promise<{ changes: RecordedChange[]; updated: UpdatedLead[] }> {
  const [first, ...rest] = sizedChunks(updates).map((part) => updateLeads(db, part, now));
  if (!first) return { changes: [], updated: [] };
  if (changes.length === 0) {
    const results = await db.batch([first, ...rest]);
    return { changes: [], updated: results.flat() };
  }
  // The insert reads the stage before the update moves it: it must run first in the transaction.
  const [recorded, ...updated] = await db.batch([insertChanges(db, changes), first, ...rest]);
  return { changes: recorded, updated: updated.flat() };
}

function insertChanges(db: Database, changes: readonly ChangeWrite[]) {
  return db
    .insert(leadChanges)
    .select(
      sql`SELECT json_extract(c.value, '$.id'), l.tenant_id, l.id, 'lead.stage_changed', l.stage,
                 json_extract(c.value, '$.to'), json_extract(c.value, '$.score'), json_extract(c.value, '$.at'), NULL
          FROM json_each(${JSON.stringify(changes)}) c
          JOIN leads l ON l.tenant_id = json_extract(c.value, '$.tenant_id') AND l.id = json_extract(c.value, '$.lead_id')
          WHERE l.merged_into IS NULL AND l.stage = json_extract(c.value, '$.from') AND l.stage <> json_extract(c.value, '$.to')`,
    )
    .returning({
      tenant_id: leadChanges.tenantId,
      lead_id: leadChanges.leadId,
      from: leadChanges.fromStage,
      to: leadChanges.toStage,
      score: leadChanges.score,
      at: leadChanges.at,
    });
}

function updateLeads(db: Database, updates: readonly ScoreWrite[], now: number) {
  const field = (name: string) => sql`json_extract(u.value, ${`$.${name}`})`;
  return db
    .update(leads)
    .set({
      score: field('score'),
      stage: field('stage'),
      scoreBreakdown: field('breakdown'),
      answers: field('answers'),
      version: sql`${leads.version} + 1`,
      updatedAt: now,
    })
    .from(sql`json_each(${JSON.stringify(updates)}) AS u`)
    .where(and(eq(leads.tenantId, field('tenant_id')), eq(leads.id, field('lead_id'))))
    .returning({ tenant_id: leads.tenantId, lead_id: leads.id, version: leads.version });
}

function sizedChunks(updates: readonly ScoreWrite[]): ScoreWrite[][] {
  const chunks: ScoreWrite[][] = [];
  let current: ScoreWrite[] = [];
  let size = 0;
  for (const update of updates) {
    const length = update.breakdown.length + update.answers.length + 200;
    if (current.length > 0 && size + length > MAX_PARAM_CHARS) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(update);
    size += length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
