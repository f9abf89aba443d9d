/**
 * Lead state derived from the stored events, set-based. Every write is idempotent and order-tolerant so a
 * redelivered or late message converges to the same lead: first touch only ever moves to an EARLIER touch,
 * last touch only to a LATER one, first/last seen are min/max, traits are layered newest-last and capped.
 *
 * Round trip 2 (resolveLeads): a new lead and alias for every browser not seen before (a concurrent consumer
 * may win the alias: theirs is kept), then the leads of the batch's browsers and the owners of its emails
 * and phones.
 * Round trip 3 (leadStatements): merges, emails, touches, seen times, name/phone, traits, touch history.
 */
import type { Database } from '../../core/db';
import type { Touch } from '../../core/events';
import { newId } from '../../core/ids';
import { type Row, type Statement, type StatementCounter, jsonChunks, runStatements } from '../../core/statements';
import { earliest, latest, parseTouch } from '../../core/touch';
import { type VisitorFold, visitorKey } from './fold';
import { type IdentityPlan, type LeadState, leadKey } from './merge';
import { cappedTraitsJson, layerTraits, parseTraits } from './traits';

export interface ResolvedLeads {
  /** tenant\0tracking_id → lead key */
  leadOfVisitor: Map<string, string>;
  /** lead key → its row */
  states: Map<string, LeadState>;
}

const VISITORS = `SELECT json_extract(value, '$[0]') AS tenant_id, json_extract(value, '$[1]') AS tracking_id,
  json_extract(value, '$[2]') AS lead_id, json_extract(value, '$[3]') AS first_seen, json_extract(value, '$[4]') AS last_seen,
  json_extract(value, '$[5]') AS wants_traits FROM json_each(?)`;

const LEAD_COLUMNS = `l.tenant_id, l.id, l.email, l.name, l.phone, l.first_touch, l.last_touch, l.first_seen, l.last_seen`;

export async function resolveLeads(
  db: Database,
  folds: readonly VisitorFold[],
  now: number,
  counter?: StatementCounter,
): Promise<ResolvedLeads> {
  // A fresh candidate id per browser: it becomes the lead only where its alias row is the one stored.
  const visitors = folds.map((fold) => [
    fold.tenantId,
    fold.trackingId,
    newId('lead'),
    fold.firstSeen,
    fold.lastSeen,
    fold.email !== null || fold.phone !== null || fold.traits.size > 0 ? 1 : 0,
  ]);
  const emails = new Map<string, [string, string]>();
  const phones = new Map<string, [string, string]>();
  for (const fold of folds) {
    if (fold.email) emails.set(`${fold.tenantId}\u0000${fold.email.value}`, [fold.tenantId, fold.email.value]);
    if (fold.phone) phones.set(`${fold.tenantId}\u0000${fold.phone.value}`, [fold.tenantId, fold.phone.value]);
  }
  const statements: Statement[] = [];
  for (const json of jsonChunks(visitors)) {
    statements.push(
      {
        sql: `INSERT INTO lead_aliases (tenant_id, tracking_id, lead_id, created_at)
          SELECT v.tenant_id, v.tracking_id, v.lead_id, ? FROM (${VISITORS}) AS v WHERE true ON CONFLICT DO NOTHING`,
        params: [now, json],
      },
      {
        sql: `INSERT INTO leads (id, tenant_id, traits, first_seen, last_seen, created_at, updated_at)
          SELECT v.lead_id, v.tenant_id, '{}', v.first_seen, v.last_seen, ?, ? FROM (${VISITORS}) AS v
          CROSS JOIN lead_aliases AS a ON a.tenant_id = v.tenant_id AND a.tracking_id = v.tracking_id AND a.lead_id = v.lead_id
          WHERE true ON CONFLICT DO NOTHING`,
        params: [now, now, json],
      },
      {
        // An alias still naming an absorbed lead (a merge racing this batch) resolves to its survivor.
        sql: `SELECT v.tracking_id, ${LEAD_COLUMNS}, CASE WHEN v.wants_traits = 1 THEN l.traits END AS traits
          FROM (${VISITORS}) AS v
          CROSS JOIN lead_aliases AS a ON a.tenant_id = v.tenant_id AND a.tracking_id = v.tracking_id
          CROSS JOIN leads AS x ON x.tenant_id = a.tenant_id AND x.id = a.lead_id
          CROSS JOIN leads AS l ON l.tenant_id = x.tenant_id AND l.id = coalesce(x.merged_into, x.id)`,
        params: [json],
      },
    );
  }
  for (const [column, values] of [['email', emails] as const, ['phone', phones] as const]) {
    for (const json of jsonChunks([...values.values()])) {
      statements.push({
        sql: `SELECT NULL AS tracking_id, ${LEAD_COLUMNS}, l.traits FROM json_each(?) AS j
          CROSS JOIN leads AS l ON l.tenant_id = json_extract(j.value, '$[0]') AND l.${column} = json_extract(j.value, '$[1]')
          WHERE l.merged_into IS NULL`,
        params: [json],
      });
    }
  }
  const results = await runStatements(db, statements, counter);
  const resolved: ResolvedLeads = { leadOfVisitor: new Map(), states: new Map() };
  for (const row of results.flat()) {
    const state = toLeadState(row);
    const key = leadKey(state.tenantId, state.id);
    const known = resolved.states.get(key);
    if (!known || (known.traits === null && state.traits !== null)) resolved.states.set(key, state);
    if (typeof row.tracking_id === 'string') resolved.leadOfVisitor.set(visitorKey(state.tenantId, row.tracking_id), key);
  }
  return resolved;
}

function toLeadState(row: Row): LeadState {
  const text = (value: Row[string] | undefined) => (typeof value === 'string' ? value : null);
  return {
    tenantId: String(row.tenant_id),
    id: String(row.id),
    email: text(row.email),
    name: text(row.name),
    phone: text(row.phone),
    traits: text(row.traits),
    firstTouch: text(row.first_touch),
    lastTouch: text(row.last_touch),
    firstSeen: Number(row.first_seen),
    lastSeen: Number(row.last_seen),
  };
}

/** The lead ids this batch changed, after merges resolved to survivors. */
export interface ChangedLead {
  tenantId: string;
  leadId: string;
}

export class LeadNotResolvedError extends Error {
  constructor(tenantId: string, trackingId: string) {
    super(`no lead for tracking id ${trackingId} of tenant ${tenantId} after creating it`);
    this.name = 'LeadNotResolvedError';
  }
}

/** Pure: the survivor of each fold, combined with what it absorbed, as write rows. */
export function planLeadWrites(folds: readonly VisitorFold[], resolved: ResolvedLeads, identity: IdentityPlan) {
  const bySurvivor = new Map<string, VisitorFold[]>();
  for (const fold of folds) {
    const key = resolved.leadOfVisitor.get(visitorKey(fold.tenantId, fold.trackingId));
    if (key === undefined) throw new LeadNotResolvedError(fold.tenantId, fold.trackingId);
    const survivor = identity.survivorOf(key);
    bySurvivor.set(survivor, [...(bySurvivor.get(survivor) ?? []), fold]);
  }
  const absorbedBy = new Map<string, LeadState[]>();
  for (const [tenantId, absorbedId, survivorId] of identity.merges) {
    const absorbed = resolved.states.get(leadKey(tenantId, absorbedId));
    const key = leadKey(tenantId, survivorId);
    if (absorbed) absorbedBy.set(key, [...(absorbedBy.get(key) ?? []), absorbed]);
    if (!bySurvivor.has(key)) bySurvivor.set(key, []);
  }
  const updates: unknown[][] = [];
  const traits: [string, string, string, string][] = [];
  const touchRows: unknown[][] = [];
  const changed: ChangedLead[] = [];
  for (const [key, survivorFolds] of bySurvivor) {
    const survivor = resolved.states.get(key);
    if (!survivor) continue;
    const absorbed = absorbedBy.get(key) ?? [];
    changed.push({ tenantId: survivor.tenantId, leadId: survivor.id });
    let firstTouch: Touch | null = null;
    let lastTouch: Touch | null = null;
    let firstSeen = Number.POSITIVE_INFINITY;
    let lastSeen = Number.NEGATIVE_INFINITY;
    for (const lead of absorbed) {
      firstTouch = earliest(firstTouch, parseTouch(lead.firstTouch));
      lastTouch = latest(lastTouch, parseTouch(lead.lastTouch));
      firstSeen = Math.min(firstSeen, lead.firstSeen);
      lastSeen = Math.max(lastSeen, lead.lastSeen);
    }
    for (const fold of survivorFolds) {
      firstTouch = earliest(firstTouch, fold.firstTouch);
      lastTouch = latest(lastTouch, fold.lastTouch);
      firstSeen = Math.min(firstSeen, fold.firstSeen);
      lastSeen = Math.max(lastSeen, fold.lastSeen);
      for (const touch of fold.touches.values()) touchRows.push(touchRow(fold, survivor.id, touch));
    }
    // The batch's traits in event-time order, newest last; name and phone go to their columns.
    const batchTraits = survivorFolds.flatMap((fold) => [...fold.traits]).sort((a, b) => a[1].ts - b[1].ts);
    const latestText = (name: string) => {
      const found = batchTraits.filter(([key, timed]) => key === name && typeof timed.value === 'string').at(-1);
      return found ? String(found[1].value) : null;
    };
    const name = latestText('name') ?? (survivor.name === null ? (absorbed.find((lead) => lead.name !== null)?.name ?? null) : null);
    const identities = identity.assigned.get(key);
    updates.push([
      survivor.tenantId,
      survivor.id,
      firstTouch ? JSON.stringify(firstTouch) : null,
      firstTouch?.ts ?? null,
      lastTouch ? JSON.stringify(lastTouch) : null,
      lastTouch?.ts ?? null,
      Number.isFinite(firstSeen) ? firstSeen : null,
      Number.isFinite(lastSeen) ? lastSeen : null,
      name,
      identities?.phone ?? null,
      identities?.email ?? null,
    ]);
    const hasOwnTraits = batchTraits.some(([trait]) => trait !== 'name');
    if (absorbed.length > 0 || hasOwnTraits) {
      if (survivor.traits === null) throw new Error(`traits of lead ${survivor.id} were not read`);
      // Absorbed traits first, the survivor's over them (as before), this batch's newest on top.
      const entries = parseTraits('{}');
      for (const lead of absorbed) layerTraits(entries, parseTraits(lead.traits ?? '{}'));
      layerTraits(entries, parseTraits(survivor.traits));
      layerTraits(
        entries,
        batchTraits.map(([trait, timed]) => [trait, timed.value] as const),
      );
      const next = cappedTraitsJson(entries);
      if (next !== survivor.traits) traits.push([survivor.tenantId, survivor.id, next, survivor.traits]);
    }
  }
  return { updates, traits, touchRows, changed };
}

function touchRow(fold: VisitorFold, leadId: string, touch: Touch): unknown[] {
  return [
    fold.tenantId,
    fold.trackingId,
    touch.ts,
    leadId,
    touch.channel,
    touch.utm_source ?? null,
    touch.utm_medium ?? null,
    touch.utm_campaign ?? null,
    touch.utm_term ?? null,
    touch.utm_content ?? null,
    touch.utm_id ?? null,
    JSON.stringify(touch.click_ids ?? {}),
    touch.referrer ?? null,
    touch.landing_url ?? null,
  ];
}

const at = (i: number) => `json_extract(value, '$[${i}]')`;

/** Round trip 3 (after the merge statements): emails, touches and times, name/phone, traits, history. */
export function leadStatements(plan: ReturnType<typeof planLeadWrites>, now: number): Statement[] {
  const statements: Statement[] = [];
  const updateRows = `SELECT ${at(0)} AS tenant_id, ${at(1)} AS id, ${at(2)} AS first_touch, ${at(3)} AS first_ts,
    ${at(4)} AS last_touch, ${at(5)} AS last_ts, ${at(6)} AS first_seen, ${at(7)} AS last_seen, ${at(8)} AS name,
    ${at(9)} AS phone, ${at(10)} AS email FROM json_each(?)`;
  for (const json of jsonChunks(plan.updates)) {
    statements.push({
      sql: `UPDATE leads SET
        first_touch = CASE WHEN u.first_touch IS NOT NULL AND (leads.first_touch IS NULL OR json_extract(leads.first_touch, '$.ts') > u.first_ts)
          THEN u.first_touch ELSE leads.first_touch END,
        last_touch = CASE WHEN u.last_touch IS NOT NULL AND (leads.last_touch IS NULL OR json_extract(leads.last_touch, '$.ts') < u.last_ts)
          THEN u.last_touch ELSE leads.last_touch END,
        first_seen = min(leads.first_seen, coalesce(u.first_seen, leads.first_seen)),
        last_seen = max(leads.last_seen, coalesce(u.last_seen, leads.last_seen)),
        name = coalesce(u.name, leads.name),
        phone = coalesce(u.phone, leads.phone),
        email = coalesce(u.email, leads.email),
        updated_at = ?
      FROM (${updateRows}) AS u WHERE leads.tenant_id = u.tenant_id AND leads.id = u.id`,
      params: [now, json],
    });
  }
  const traitRows = `SELECT ${at(0)} AS tenant_id, ${at(1)} AS id, ${at(2)} AS next, ${at(3)} AS previous FROM json_each(?)`;
  for (const json of jsonChunks(plan.traits)) {
    // Compare-and-set: traits were read in round trip 2; a concurrent consumer's change is not overwritten.
    statements.push(
      {
        sql: `UPDATE leads SET traits = t.next FROM (${traitRows}) AS t
          WHERE leads.tenant_id = t.tenant_id AND leads.id = t.id AND leads.traits = t.previous`,
        params: [json],
      },
      {
        sql: `SELECT count(*) AS stale_traits FROM (${traitRows}) AS t
          CROSS JOIN leads AS l ON l.tenant_id = t.tenant_id AND l.id = t.id WHERE l.traits IS NOT t.next`,
        params: [json],
      },
    );
  }
  for (const json of jsonChunks(plan.touchRows)) {
    statements.push({
      sql: `INSERT INTO touches (tenant_id, tracking_id, ts, lead_id, channel, utm_source, utm_medium, utm_campaign, utm_term,
          utm_content, utm_id, click_ids, referrer, landing_url)
        SELECT ${Array.from({ length: 14 }, (_, i) => at(i)).join(', ')} FROM json_each(?) WHERE true
        ON CONFLICT DO NOTHING`,
      params: [json],
    });
  }
  return statements;
}

export class ConcurrentTraitsError extends Error {
  constructor(count: number) {
    super(`${count} lead(s) had their traits changed by a concurrent consumer; the batch is retried`);
    this.name = 'ConcurrentTraitsError';
  }
}

/** Runs round trip 3 and fails (so the batch is retried, idempotently) if a compare-and-set lost a race. */
export async function writeLeads(db: Database, statements: readonly Statement[], counter?: StatementCounter): Promise<void> {
  const results = await runStatements(db, statements, counter);
  const stale = results.flat().reduce((sum, row) => sum + (typeof row.stale_traits === 'number' ? row.stale_traits : 0), 0);
  if (stale > 0) throw new ConcurrentTraitsError(stale);
}
