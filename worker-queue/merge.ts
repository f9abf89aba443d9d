/**
 * Identity: an `identify` with an email attaches it to the visitor's lead. When another lead of the same
 * tenant already owns that email, the visitor's lead is merged into it: aliases and touches move, first
 * touch becomes the earlier of the two and last touch the later, and the absorbed row points at the
 * survivor (kept for audit; never returned as a live lead).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../core/db';
import { leadAliases, leads, touches } from '../core/schema';
import { earliest, latest, parseTouch } from '../core/touch';
import { applyTouches, runBatch } from './leads';

export async function attachEmail(db: Database, tenantId: string, leadId: string, email: string, now: number): Promise<string> {
  const owner = await db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), eq(leads.email, email), isNull(leads.mergedInto)))
    .get();
  if (owner?.id === leadId) return leadId;
  if (!owner) {
    await db
      .update(leads)
      .set({ email, updatedAt: now })
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, leadId)));
    return leadId;
  }
  await mergeLeads(db, tenantId, leadId, owner.id, now);
  return owner.id;
}

export async function mergeLeads(db: Database, tenantId: string, absorbedId: string, survivorId: string, now: number): Promise<void> {
  const rows = await db
    .select()
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), inArray(leads.id, [absorbedId, survivorId]), isNull(leads.mergedInto)))
    .all();
  const absorbed = rows.find((row) => row.id === absorbedId);
  const survivor = rows.find((row) => row.id === survivorId);
  if (!absorbed || !survivor) return; // already merged by an earlier delivery of this message
  const firstTouch = earliest(parseTouch(survivor.firstTouch), parseTouch(absorbed.firstTouch));
  const lastTouch = latest(parseTouch(survivor.lastTouch), parseTouch(absorbed.lastTouch));
  const traits = {
    ...(JSON.parse(absorbed.traits) as Record<string, unknown>),
    ...(JSON.parse(survivor.traits) as Record<string, unknown>),
  };
  // One D1 batch = one transaction: the merge is all or nothing.
  await runBatch(db, [
    db
      .update(leadAliases)
      .set({ leadId: survivorId })
      .where(and(eq(leadAliases.tenantId, tenantId), eq(leadAliases.leadId, absorbedId))),
    db
      .update(touches)
      .set({ leadId: survivorId })
      .where(and(eq(touches.tenantId, tenantId), eq(touches.leadId, absorbedId))),
    db
      .update(leads)
      .set({ mergedInto: survivorId, email: null, updatedAt: now })
      .where(and(eq(leads.tenantId, tenantId), eq(leads.mergedInto, absorbedId))),
    db
      .update(leads)
      .set({ mergedInto: survivorId, email: null, updatedAt: now })
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, absorbedId))),
    applyTouches(db, tenantId, survivorId, firstTouch, lastTouch, { firstSeen: absorbed.firstSeen, lastSeen: absorbed.lastSeen, now }),
    db
      .update(leads)
      .set({
        traits: JSON.stringify(traits),
        name: survivor.name ?? absorbed.name,
        phone: survivor.phone ?? absorbed.phone,
      })
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, survivorId))),
  ]);
}
