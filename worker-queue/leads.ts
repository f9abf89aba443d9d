/**
 * Lead state derived from events. Every write is idempotent and order-tolerant so a redelivered or late
 * message converges to the same lead: first touch only ever moves to an EARLIER touch, last touch only to
 * a LATER one, first/last seen are min/max, traits are merged.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { type Database, chunk, groupBy, rowsPerInsert } from '../core/db';
import type { IngestEvent, Touch } from '../core/events';
import { newId } from '../core/ids';
import { leadAliases, leads, touches } from '../core/schema';
import { earliest, latest } from '../core/touch';

/** Everything one browser (tenant + tracking_id) told us in this batch, folded. */
export interface VisitorFold {
  tenantId: string;
  trackingId: string;
  firstSeen: number;
  lastSeen: number;
  firstTouch: Touch | null;
  lastTouch: Touch | null;
  touches: Map<number, Touch>;
  traits: Record<string, string>;
  email: string | null;
}

export function foldVisitors(events: readonly IngestEvent[]): VisitorFold[] {
  const folds = new Map<string, VisitorFold>();
  const ordered = [...events].sort((a, b) => a.ts - b.ts);
  for (const { tenant_id: tenantId, ts, event } of ordered) {
    if (event.bot) continue; // bots are stored raw, never turned into leads
    const key = `${tenantId}\u0000${event.tracking_id}`;
    let fold = folds.get(key);
    if (!fold) {
      fold = {
        tenantId,
        trackingId: event.tracking_id,
        firstSeen: ts,
        lastSeen: ts,
        firstTouch: null,
        lastTouch: null,
        touches: new Map(),
        traits: {},
        email: null,
      };
      folds.set(key, fold);
    }
    fold.firstSeen = Math.min(fold.firstSeen, ts);
    fold.lastSeen = Math.max(fold.lastSeen, ts);
    fold.firstTouch = earliest(fold.firstTouch, event.first_touch);
    fold.lastTouch = latest(fold.lastTouch, event.last_touch);
    for (const touch of [event.first_touch, event.last_touch]) if (touch) fold.touches.set(touch.ts, touch);
    if (event.type === 'identify' && event.traits) {
      const { email, ...rest } = event.traits;
      Object.assign(fold.traits, rest);
      if (email) fold.email = email;
    }
  }
  return [...folds.values()];
}

/** Finds (or creates) the lead behind each visitor. Returns tenant\0tracking_id → lead id. */
export async function resolveLeads(db: Database, folds: readonly VisitorFold[], now: number): Promise<Map<string, string>> {
  const resolved = new Map<string, string>();
  const byTenant = groupBy(folds, (fold) => fold.tenantId);
  for (const [tenantId, tenantFolds] of byTenant) {
    const ids = tenantFolds.map((fold) => fold.trackingId);
    await readAliases(db, tenantId, ids, resolved);
    const missing = tenantFolds.filter((fold) => !resolved.has(`${tenantId}\u0000${fold.trackingId}`));
    if (missing.length === 0) continue;
    const created = missing.map((fold) => ({ fold, leadId: newId('lead') }));
    const statements: BatchItem<'sqlite'>[] = [];
    for (const part of chunk(created, rowsPerInsert(8))) {
      statements.push(
        db.insert(leads).values(
          part.map(({ fold, leadId }) => ({
            id: leadId,
            tenantId,
            firstSeen: fold.firstSeen,
            lastSeen: fold.lastSeen,
            createdAt: now,
            updatedAt: now,
            traits: '{}',
          })),
        ),
      );
      // A concurrent consumer may have created the alias first: keep theirs, re-read below.
      statements.push(
        db
          .insert(leadAliases)
          .values(part.map(({ fold, leadId }) => ({ tenantId, trackingId: fold.trackingId, leadId, createdAt: now })))
          .onConflictDoNothing(),
      );
    }
    await runBatch(db, statements);
    await readAliases(
      db,
      tenantId,
      missing.map((fold) => fold.trackingId),
      resolved,
    );
  }
  return resolved;
}

async function readAliases(db: Database, tenantId: string, trackingIds: readonly string[], into: Map<string, string>): Promise<void> {
  for (const part of chunk(trackingIds, 90)) {
    const rows = await db
      .select({ trackingId: leadAliases.trackingId, leadId: leadAliases.leadId })
      .from(leadAliases)
      .where(and(eq(leadAliases.tenantId, tenantId), inArray(leadAliases.trackingId, part)));
    for (const row of rows) into.set(`${tenantId}\u0000${row.trackingId}`, row.leadId);
  }
}

/** The idempotent updates for one visitor's lead and its touch history. */
export function leadUpdates(db: Database, fold: VisitorFold, leadId: string, now: number): BatchItem<'sqlite'>[] {
  const statements: BatchItem<'sqlite'>[] = [
    applyTouches(db, fold.tenantId, leadId, fold.firstTouch, fold.lastTouch, { firstSeen: fold.firstSeen, lastSeen: fold.lastSeen, now }),
  ];
  const { name, phone, ...otherTraits } = fold.traits;
  if (Object.keys(fold.traits).length > 0) {
    statements.push(
      db
        .update(leads)
        .set({
          traits: sql`json_patch(${leads.traits}, ${JSON.stringify(otherTraits)})`,
          ...(name ? { name } : {}),
          ...(phone ? { phone } : {}),
        })
        .where(and(eq(leads.tenantId, fold.tenantId), eq(leads.id, leadId))),
    );
  }
  const rows = [...fold.touches.values()].map((touch) => ({
    tenantId: fold.tenantId,
    trackingId: fold.trackingId,
    ts: touch.ts,
    leadId,
    channel: touch.channel,
    utmSource: touch.utm_source ?? null,
    utmMedium: touch.utm_medium ?? null,
    utmCampaign: touch.utm_campaign ?? null,
    utmTerm: touch.utm_term ?? null,
    utmContent: touch.utm_content ?? null,
    utmId: touch.utm_id ?? null,
    clickIds: JSON.stringify(touch.click_ids ?? {}),
    referrer: touch.referrer ?? null,
    landingUrl: touch.landing_url ?? null,
  }));
  for (const part of chunk(rows, rowsPerInsert(14))) statements.push(db.insert(touches).values(part).onConflictDoNothing());
  return statements;
}

/** First touch moves only earlier, last touch only later; seen-times widen. Safe to repeat. */
export function applyTouches(
  db: Database,
  tenantId: string,
  leadId: string,
  firstTouch: Touch | null,
  lastTouch: Touch | null,
  times: { firstSeen: number; lastSeen: number; now: number },
): BatchItem<'sqlite'> {
  const first = firstTouch ? JSON.stringify(firstTouch) : null;
  const last = lastTouch ? JSON.stringify(lastTouch) : null;
  return db
    .update(leads)
    .set({
      firstTouch: sql`CASE WHEN ${first} IS NOT NULL AND (${leads.firstTouch} IS NULL OR json_extract(${leads.firstTouch}, '$.ts') > ${firstTouch?.ts ?? 0}) THEN ${first} ELSE ${leads.firstTouch} END`,
      lastTouch: sql`CASE WHEN ${last} IS NOT NULL AND (${leads.lastTouch} IS NULL OR json_extract(${leads.lastTouch}, '$.ts') < ${lastTouch?.ts ?? 0}) THEN ${last} ELSE ${leads.lastTouch} END`,
      firstSeen: sql`min(${leads.firstSeen}, ${times.firstSeen})`,
      lastSeen: sql`max(${leads.lastSeen}, ${times.lastSeen})`,
      updatedAt: times.now,
    })
    .where(and(eq(leads.tenantId, tenantId), eq(leads.id, leadId)));
}

export async function runBatch(db: Database, statements: BatchItem<'sqlite'>[]): Promise<void> {
  const [head, ...rest] = statements;
  if (head) await db.batch([head, ...rest]);
}
