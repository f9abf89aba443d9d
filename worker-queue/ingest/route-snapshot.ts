/**
 * A minimal LeadSnapshot built from what scoring already read (the lead row and its aliases' events), enough for
 * routeLead in the fan-out: stage, score, answers, channel, first/last touch (campaign, landing page), country.
 * Its `touches` are only the first and last touch: the full history (and everything a destination shows) is
 * loaded by the consumers from D1 (worker-queue/destinations/snapshot.ts), never from this.
 */
import type { Touch } from '../../core/events';
import type { LeadSnapshot } from '../../core/lead-snapshot';
import type { ScoredEvents } from '../../core/scoring/score';
import { parseTouch } from '../../core/touch';
import type { AliasEventRow, LeadRow } from './lead-reads';

export function routeSnapshot(
  lead: LeadRow,
  rows: readonly AliasEventRow[],
  scored: ScoredEvents,
  version: number,
  now: number,
): LeadSnapshot {
  const aliases = new Map<string, number>();
  let country: { ts: number; value: string } | null = null;
  for (const row of rows) {
    aliases.set(row.tracking_id, row.alias_created_at);
    const latest = latestCountry(row.latest_country);
    if (latest && (!country || latest.ts > country.ts)) country = latest;
  }
  const trackingIds = [...aliases.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
  const firstTouch = parseTouch(lead.first_touch);
  const lastTouch = parseTouch(lead.last_touch);
  const touches: Touch[] = [firstTouch, lastTouch].filter(
    (touch, i, all): touch is Touch => touch !== null && (i === 0 || touch.ts !== all[0]?.ts),
  );
  return {
    v: 1,
    id: lead.id,
    tenant_id: lead.tenant_id,
    version,
    tracking_id: trackingIds[0] ?? '',
    tracking_ids: trackingIds,
    email: lead.email,
    phone: lead.phone,
    name: lead.name,
    traits: textTraits(lead.traits),
    score: scored.score,
    stage: scored.stage,
    score_breakdown: scored.breakdown,
    answers: scored.answers,
    first_touch: firstTouch,
    last_touch: lastTouch,
    touches,
    channel: lastTouch?.channel ?? firstTouch?.channel ?? 'direct',
    country: country?.value ?? null,
    // Routing rules do not look at the widget's variant; the destinations' own snapshot reads it.
    variant: null,
    first_seen: lead.first_seen,
    last_seen: lead.last_seen,
    updated_at: now,
  };
}

function latestCountry(json: string | null): { ts: number; value: string } | null {
  const parsed: unknown = json ? JSON.parse(json) : null;
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'number' || typeof parsed[1] !== 'string') return null;
  return { ts: parsed[0], value: parsed[1] };
}

function textTraits(json: string): Record<string, string> {
  const parsed: unknown = JSON.parse(json);
  const traits: Record<string, string> = {};
  if (typeof parsed !== 'object' || parsed === null) return traits;
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') traits[key] = value;
  return traits;
}
