/**
 * Who a deletion is about: the live lead an email or tracking id leads to (an email or alias on a lead merged into
 * another answers the survivor), every lead merged into it, all their tracking ids, and what the destinations
 * created for them (delivery claims' remote ids, Chatwoot links), read BEFORE anything is deleted.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../db';
import type { Selector } from './request';

export interface Person {
  /** The live lead first, then the absorbed ones. */
  leadIds: string[];
  trackingIds: string[];
  claims: { destination: string; target: number; remote: Record<string, string | number | boolean | null> }[];
  chatwootLinks: { account_id: number; contact_id: number | null; conversation_id: number | null }[];
}

function remoteOf(text: string): Record<string, string | number | boolean | null> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string | number | boolean | null] =>
          entry[1] === null || ['string', 'number', 'boolean'].includes(typeof entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

async function survivorOf(db: Database, tenantId: string, selector: Selector): Promise<string | null> {
  const rows =
    selector.kind === 'email'
      ? await db.all<{ id: string }>(
          sql`SELECT coalesce(merged_into, id) AS id FROM leads WHERE tenant_id = ${tenantId} AND email = ${selector.value}`,
        )
      : await db.all<{ id: string }>(sql`SELECT coalesce(x.merged_into, x.id) AS id FROM lead_aliases a
          JOIN leads x ON x.tenant_id = a.tenant_id AND x.id = a.lead_id
          WHERE a.tenant_id = ${tenantId} AND a.tracking_id = ${selector.value}`);
  return rows[0]?.id ?? null;
}

/** The person, or null when the tenant has nobody matching (a repeat request after a completed deletion). */
export async function findPerson(db: Database, tenantId: string, selector: Selector): Promise<Person | null> {
  const survivor = await survivorOf(db, tenantId, selector);
  if (survivor === null) {
    // A tracking id seen only in events (a bot, or a visitor never turned into a lead) still has events to delete.
    if (selector.kind !== 'tracking_id') return null;
    const [event] = await db.all<{ one: number }>(
      sql`SELECT 1 AS one FROM raw_events WHERE tenant_id = ${tenantId} AND tracking_id = ${selector.value} LIMIT 1`,
    );
    return event ? { leadIds: [], trackingIds: [selector.value], claims: [], chatwootLinks: [] } : null;
  }
  const leads = await db.all<{
    id: string;
  }>(sql`SELECT id FROM leads WHERE tenant_id = ${tenantId} AND (id = ${survivor} OR merged_into = ${survivor})
    ORDER BY (id = ${survivor}) DESC, id`);
  const leadIds = leads.map((row) => row.id);
  const ids = JSON.stringify(leadIds);
  const [aliases, claims, links] = await Promise.all([
    db.all<{ tracking_id: string }>(sql`SELECT tracking_id FROM lead_aliases
      WHERE tenant_id = ${tenantId} AND lead_id IN (SELECT value FROM json_each(${ids})) ORDER BY created_at, tracking_id`),
    db.all<{ destination: string; target: number; remote_ids: string }>(sql`SELECT destination, target, remote_ids FROM delivery_claims
      WHERE tenant_id = ${tenantId} AND lead_id IN (SELECT value FROM json_each(${ids})) ORDER BY destination, target`),
    db.all<{ account_id: number; contact_id: number | null; conversation_id: number | null }>(sql`SELECT account_id, contact_id,
      conversation_id FROM chatwoot_links WHERE tenant_id = ${tenantId} AND lead_id IN (SELECT value FROM json_each(${ids}))`),
  ]);
  const trackingIds = aliases.map((row) => row.tracking_id);
  if (selector.kind === 'tracking_id' && !trackingIds.includes(selector.value)) trackingIds.push(selector.value);
  return {
    leadIds,
    trackingIds,
    claims: claims.map((row) => ({ destination: row.destination, target: row.target, remote: remoteOf(row.remote_ids) })),
    chatwootLinks: links,
  };
}
