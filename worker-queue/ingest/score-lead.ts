/**
 * The scoring step of the `events` consumer, run after ingest on the leads it touched: each lead's score is
 * derived again from ALL its stored events (every alias's raw_events), never incremented, so a redelivery or a
 * replay gives the same score, stage, breakdown and answers.
 *
 * Version: every lead passed in was touched by this batch (new touch, traits, email, merge or score), all of
 * which destinations show, so each gets version + 1 and a lead.upserted downstream; the delivery ledger drops an
 * identical payload. A stage change is recorded as one `lead.stage_changed` row in the same transaction as the
 * lead update, and only while the stored stage is still the one this run read: a second run over the same events
 * computes the same stage and records nothing.
 *
 * Cost: for up to 100 leads, 4 D1 statements in 3 round trips (2 reads, 1 write batch of 2; one more update
 * statement per ~1 MB of breakdowns); it does not grow with the number of leads or events.
 */
import { type Database, chunk, groupBy } from '../../core/db';
import { newId } from '../../core/ids';
import type { LeadSnapshot, StageChange } from '../../core/lead-snapshot';
import { type ScoringConfig, answerPointsFrom, scoringConfig } from '../../core/scoring/config';
import { type PropValue, type ScoredEvents, type ScoringEvent, scoreEvents } from '../../core/scoring/score';
import type { Stage } from '../../core/scoring/types';
import type { TenantRegistry } from '../../core/tenants';
import { answerPoints } from '../../core/tenants/questionnaire-points';
import { type AliasEventRow, type LeadKey, type LeadRow, readLeadsAndEvents } from './lead-reads';
import { routeSnapshot } from './route-snapshot';
import { type ChangeWrite, type ScoreWrite, writeScores } from './score-writes';

export type { LeadKey } from './lead-reads';

export interface ScoredLead {
  tenant_id: string;
  /** The live lead (the survivor when the id passed in was merged away). */
  lead_id: string;
  /** The lead's version after this run: what the fan-out's messages carry. */
  version: number;
  score: number;
  stage: Stage;
  /** Set when this run recorded a `lead.stage_changed`. */
  stage_change?: StageChange;
  /** Minimal snapshot for routing in the fan-out (see route-snapshot.ts), not what destinations show. */
  snapshot: LeadSnapshot;
}

/** The event types the default rules look at; others are read only for tenants whose extra rules need them. */
const SCORED_TYPES: ReadonlySet<string> = new Set(['track', 'identify']);

/** Leads scored per read/write round: each round is 2 reads and 1 write batch whose rows travel as one JSON parameter, so a
 * worst-case queue batch (2,500 new visitors) costs 3 rounds, not 25. */
export const SCORE_CHUNK = 1000;

export async function scoreLeads(db: Database, tenants: TenantRegistry, leads: readonly LeadKey[], now: number): Promise<ScoredLead[]> {
  const unique = [...new Map(leads.map((lead) => [`${lead.tenant_id}\u0000${lead.lead_id}`, lead])).values()];
  const configs = new Map<string, ScoringConfig>();
  const configOf = (tenantId: string): ScoringConfig => {
    let config = configs.get(tenantId);
    if (!config) {
      const tenant = tenants.byId.get(tenantId);
      // The widget's option points, then scoring.answer_points for questions the widget does not ask.
      config = scoringConfig(tenant?.scoring, answerPoints(tenant?.widget, answerPointsFrom(tenant?.scoring?.answer_points)));
      configs.set(tenantId, config);
    }
    return config;
  };
  const scored: ScoredLead[] = [];
  for (const part of chunk(unique, SCORE_CHUNK)) scored.push(...(await scoreChunk(db, part, configOf, now)));
  return scored;
}

/**
 * When a lead reached its new stage: the time of the latest event that scored, on the server clock (never after
 * `now`). Taken from the log rather than from when the consumer ran, so a queue backlog, a replay or a historical
 * import (POST /v1/ops/backfill) puts the change where the visitor's activity was: time to SQL and the funnel's
 * per-day counts do not move with processing delays, and rebuilding from the log gives the same time.
 */
export function stageReachedAt(rows: readonly AliasEventRow[], result: ScoredEvents, now: number): number {
  const credited = new Set(result.breakdown.map((item) => item.event_id));
  let latest = -Infinity;
  for (const row of rows) if (row.event_id !== null && row.ts !== null && credited.has(row.event_id)) latest = Math.max(latest, row.ts);
  return Number.isFinite(latest) ? Math.min(latest, now) : now;
}

interface Computed {
  lead: LeadRow;
  rows: AliasEventRow[];
  result: ScoredEvents;
}

async function scoreChunk(
  db: Database,
  keys: readonly LeadKey[],
  configOf: (tenantId: string) => ScoringConfig,
  now: number,
): Promise<ScoredLead[]> {
  const readsAllEvents = (tenantId: string) => configOf(tenantId).extra.some((rule) => !SCORED_TYPES.has(rule.event));
  const { leads, events } = await readLeadsAndEvents(db, keys, readsAllEvents);
  const eventsOf = groupBy(events, (row) => leadKey(row.tenant_id, row.lead_id));
  const computed: Computed[] = leads.map((lead) => {
    const rows = eventsOf.get(leadKey(lead.tenant_id, lead.id)) ?? [];
    return { lead, rows, result: scoreEvents(rows.flatMap(toScoringEvent), configOf(lead.tenant_id)) };
  });
  const updates: ScoreWrite[] = computed.map(({ lead, result }) => ({
    tenant_id: lead.tenant_id,
    lead_id: lead.id,
    score: result.score,
    stage: result.stage,
    breakdown: JSON.stringify(result.breakdown),
    answers: JSON.stringify(result.answers),
  }));
  const changes: ChangeWrite[] = computed
    .filter(({ lead, result }) => lead.stage !== result.stage)
    .map(({ lead, rows, result }) => ({
      id: newId('chg'),
      tenant_id: lead.tenant_id,
      lead_id: lead.id,
      from: lead.stage,
      to: result.stage,
      score: result.score,
      at: stageReachedAt(rows, result, now),
    }));
  const written = await writeScores(db, updates, changes, now);
  const versions = new Map(written.updated.map((row) => [leadKey(row.tenant_id, row.lead_id), row.version]));
  const recorded = new Map<string, StageChange>();
  for (const row of written.changes) {
    if (row.from && row.to && row.score !== null)
      recorded.set(leadKey(row.tenant_id, row.lead_id), { from: row.from, to: row.to, score: row.score, at: row.at });
  }
  return computed.flatMap(({ lead, rows, result }) => {
    const key = leadKey(lead.tenant_id, lead.id);
    const version = versions.get(key);
    if (version === undefined) return []; // deleted between the read and the write: nothing to deliver
    const stageChange = recorded.get(key);
    const scoredLead: ScoredLead = {
      tenant_id: lead.tenant_id,
      lead_id: lead.id,
      version,
      score: result.score,
      stage: result.stage,
      snapshot: routeSnapshot(lead, rows, result, version, now),
    };
    if (stageChange) scoredLead.stage_change = stageChange;
    return [scoredLead];
  });
}

function leadKey(tenantId: string, leadId: string): string {
  return `${tenantId}\u0000${leadId}`;
}

/** A stored event as scoring sees it; an alias without events gives none. */
function toScoringEvent(row: AliasEventRow): ScoringEvent[] {
  if (row.event_id === null || row.type === null || row.ts === null) return [];
  const traits: Record<string, string> = {};
  if (typeof row.email === 'string') traits.email = row.email;
  if (typeof row.phone === 'string') traits.phone = row.phone;
  return [
    {
      event_id: row.event_id,
      type: row.type,
      name: row.name,
      ts: row.ts,
      session_id: row.session_id ?? '',
      bot: row.bot === 1 || row.request_bot === 1,
      url: row.url,
      props: parseProps(row.props),
      traits,
    },
  ];
}

function parseProps(json: string | null): Record<string, PropValue> {
  if (json === null) return {};
  const parsed: unknown = JSON.parse(json);
  const props: Record<string, PropValue> = {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return props;
  for (const [key, value] of Object.entries(parsed)) {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') props[key] = value;
  }
  return props;
}
