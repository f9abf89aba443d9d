/**
 * The console's view of the delivery ledger (GET /v1/admin/deliveries): what each destination accepted, newest
 * first. The ledger stores successes only (worker-queue/destinations/ledger.ts), each with the provider's answer
 * (the last call's status and bounded body, every call's operation and status), the ledger's `remote_id` and the
 * remote ids the lead's claim keeps for that destination. Failures are dead letters (core/admin/dead-letters.ts),
 * with the provider's status and body.
 */
import { type SQL, and, desc, eq } from 'drizzle-orm';
import type { Database } from '../db';
import { type ProviderCall, providerCallsOf } from '../provider-calls';
import { deliveries, deliveryClaims } from '../schema';
import { type Keyset, afterCursor, decodeCursor, page } from './keyset-cursor';

export const DELIVERY_STATUSES = ['delivered'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryFilter {
  destination?: string;
  leadId?: string;
  status?: DeliveryStatus;
  limit: number;
  cursor?: string;
}

export interface DeliveryView {
  id: string;
  destination: string;
  target: number;
  lead_id: string;
  status: DeliveryStatus;
  /** The provider's answer; null on rows written before migration 0011 and when the delivery made no call. */
  provider_status: number | null;
  provider_body: string | null;
  provider_calls: ProviderCall[];
  replay_of: string | null;
  created_at: string;
  delivered_at: string;
  lead_version: number;
  attempts: number;
  /** The provider's id of what this delivery wrote (contact, conversation, person, record), when it has one. */
  remote_id: string | null;
  /** Every remote id LeadTrail keeps for this lead at this destination now (e.g. `{ contact_id, lead_id }`). */
  remote_ids: Record<string, unknown>;
}

/** What a delivery view is made of (the select below, or the same names aliased in raw SQL). */
export interface DeliverySource {
  id: string;
  destination: string;
  target: number;
  leadId: string;
  status: DeliveryStatus;
  replayOf: string | null;
  at: number;
  leadVersion: number;
  attempts: number;
  remoteId: string | null;
  providerStatus: number | null;
  providerBody: string | null;
  providerCalls: string | null;
  /** The lead's claim at this destination (JSON), null when there is none. */
  remoteIds: string | null;
}

export function deliveryView(row: DeliverySource): DeliveryView {
  return {
    id: row.id,
    destination: row.destination,
    target: row.target,
    lead_id: row.leadId,
    status: row.status,
    provider_status: row.providerStatus,
    provider_body: row.providerBody,
    provider_calls: providerCallsOf(row.providerCalls),
    replay_of: row.replayOf,
    created_at: new Date(row.at).toISOString(),
    delivered_at: new Date(row.at).toISOString(),
    lead_version: row.leadVersion,
    attempts: row.attempts,
    remote_id: row.remoteId,
    remote_ids: remoteIdsOf(row.remoteIds),
  };
}

function remoteIdsOf(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function listDeliveries(
  db: Database,
  tenantId: string,
  filter: DeliveryFilter,
): Promise<{ deliveries: DeliveryView[]; next_cursor: string | null }> {
  const conditions: (SQL | undefined)[] = [eq(deliveries.tenantId, tenantId)];
  if (filter.destination !== undefined) conditions.push(eq(deliveries.destination, filter.destination));
  if (filter.leadId !== undefined) conditions.push(eq(deliveries.leadId, filter.leadId));
  if (filter.status !== undefined) conditions.push(eq(deliveries.status, filter.status));
  if (filter.cursor !== undefined) conditions.push(afterCursor(deliveries.at, deliveries.id, decodeCursor(filter.cursor)));
  const rows = await db
    .select({
      id: deliveries.id,
      destination: deliveries.destination,
      target: deliveries.target,
      leadId: deliveries.leadId,
      status: deliveries.status,
      replayOf: deliveries.replayOf,
      at: deliveries.at,
      leadVersion: deliveries.leadVersion,
      attempts: deliveries.attempts,
      remoteId: deliveries.remoteId,
      providerStatus: deliveries.providerStatus,
      providerBody: deliveries.providerBody,
      providerCalls: deliveries.providerCalls,
      remoteIds: deliveryClaims.remoteIds,
    })
    .from(deliveries)
    .leftJoin(
      deliveryClaims,
      and(
        eq(deliveryClaims.tenantId, deliveries.tenantId),
        eq(deliveryClaims.destination, deliveries.destination),
        eq(deliveryClaims.target, deliveries.target),
        eq(deliveryClaims.leadId, deliveries.leadId),
      ),
    )
    .where(and(...conditions))
    .orderBy(desc(deliveries.at), desc(deliveries.id))
    .limit(filter.limit + 1);
  const { items, nextCursor } = page(rows, filter.limit, (row): Keyset => ({ at: row.at, id: row.id }));
  return {
    deliveries: items.map(deliveryView),
    next_cursor: nextCursor,
  };
}
