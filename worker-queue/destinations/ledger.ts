/**
 * The delivery ledger (what each destination accepted, unique on the payload's hash) and the per-lead claim
 * (a lease that serializes deliveries of one lead to one destination, plus the remote ids created so far).
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../core/db';
import { deliveries, deliveryClaims } from '../../core/schema';
import type { ProviderCall } from '../../core/provider-calls';

/** JSON with object keys sorted, so equal payloads hash equal whatever order they were built in. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

export async function payloadHash(payload: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(payload)));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface DeliveryKey {
  tenantId: string;
  destination: string;
  target: number;
  /** Always the surviving lead's id. */
  leadId: string;
}

export type RemoteIds = Record<string, string | number | boolean | null>;

export interface ClaimState {
  remoteIds: RemoteIds;
  deliveredVersion: number;
  deliveredHash: string | null;
  deliveredPayload: unknown;
}

function keyWhere(key: DeliveryKey) {
  return and(
    eq(deliveryClaims.tenantId, key.tenantId),
    eq(deliveryClaims.destination, key.destination),
    eq(deliveryClaims.target, key.target),
    eq(deliveryClaims.leadId, key.leadId),
  );
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function toRemoteIds(value: unknown): RemoteIds {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RemoteIds) : {};
}

type ClaimRow = typeof deliveryClaims.$inferSelect;

function stateOf(row: Pick<ClaimRow, 'remoteIds' | 'deliveredVersion' | 'deliveredHash' | 'deliveredPayload'>): ClaimState {
  return {
    remoteIds: toRemoteIds(parseJson(row.remoteIds)),
    deliveredVersion: row.deliveredVersion,
    deliveredHash: row.deliveredHash,
    deliveredPayload: parseJson(row.deliveredPayload),
  };
}

/** What was delivered so far (no lease taken): for the stale check before any write. */
export async function readClaim(db: Database, key: DeliveryKey): Promise<ClaimState | null> {
  const [row] = await db.select().from(deliveryClaims).where(keyWhere(key)).limit(1);
  return row ? stateOf(row) : null;
}

export async function isDelivered(db: Database, key: DeliveryKey, hash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.tenantId, key.tenantId),
        eq(deliveries.destination, key.destination),
        eq(deliveries.target, key.target),
        eq(deliveries.leadId, key.leadId),
        eq(deliveries.payloadHash, hash),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/**
 * Takes the lease with one conditional upsert: it succeeds when no row exists, the lease expired, or `holder`
 * already holds it. Returns the claim state, or null when another consumer holds the lead right now.
 */
export async function takeClaim(db: Database, key: DeliveryKey, holder: string, now: number, leaseMs: number): Promise<ClaimState | null> {
  const rows = await db
    .insert(deliveryClaims)
    .values({ ...key, claimedBy: holder, claimedUntil: now + leaseMs, updatedAt: now })
    .onConflictDoUpdate({
      target: [deliveryClaims.tenantId, deliveryClaims.destination, deliveryClaims.target, deliveryClaims.leadId],
      set: { claimedBy: holder, claimedUntil: now + leaseMs, updatedAt: now },
      setWhere: or(isNull(deliveryClaims.claimedUntil), lt(deliveryClaims.claimedUntil, now), eq(deliveryClaims.claimedBy, holder)),
    })
    .returning();
  const [row] = rows;
  return row && row.claimedBy === holder ? stateOf(row) : null;
}

/** Saves remote ids as soon as they exist (merged into what is stored), so a retry resumes instead of re-creating. */
export async function saveRemoteIds(db: Database, key: DeliveryKey, holder: string, ids: RemoteIds, now: number): Promise<RemoteIds> {
  const current = await readClaim(db, key);
  const merged = { ...(current?.remoteIds ?? {}), ...ids };
  await db
    .update(deliveryClaims)
    .set({ remoteIds: JSON.stringify(merged), updatedAt: now })
    .where(and(keyWhere(key), eq(deliveryClaims.claimedBy, holder)));
  return merged;
}

/** Releases the lease and remembers the failure, so a dead letter from the DLQ can say what the provider answered. */
export async function releaseClaim(
  db: Database,
  key: DeliveryKey,
  holder: string,
  now: number,
  failure: { status: number | null; error: string } | null = null,
): Promise<void> {
  await db
    .update(deliveryClaims)
    .set({
      claimedBy: null,
      claimedUntil: null,
      updatedAt: now,
      ...(failure ? { lastStatus: failure.status, lastError: failure.error } : {}),
    })
    .where(and(keyWhere(key), eq(deliveryClaims.claimedBy, holder)));
}

export interface DeliveredRecord {
  id: string;
  leadVersion: number;
  hash: string;
  payload: unknown;
  remoteId: string | null;
  attempts: number;
  replayOf: string | null;
  /** The provider's answer (./provider-answers.ts). */
  answer: { status: number | null; body: string | null; calls: readonly ProviderCall[] };
}

/** One transaction: the ledger row, the claim's delivered version/payload, and the lease released. */
export async function recordDelivered(db: Database, key: DeliveryKey, holder: string, record: DeliveredRecord, now: number): Promise<void> {
  await db.batch([
    db
      .insert(deliveries)
      .values({
        id: record.id,
        ...key,
        leadVersion: record.leadVersion,
        payloadHash: record.hash,
        status: 'delivered',
        remoteId: record.remoteId,
        attempts: record.attempts,
        replayOf: record.replayOf,
        at: now,
        providerStatus: record.answer.status,
        providerBody: record.answer.body,
        providerCalls: record.answer.calls.length === 0 ? null : JSON.stringify(record.answer.calls),
      })
      .onConflictDoNothing(),
    db
      .update(deliveryClaims)
      .set({
        claimedBy: null,
        claimedUntil: null,
        deliveredHash: record.hash,
        deliveredPayload: JSON.stringify(record.payload),
        lastStatus: null,
        lastError: null,
        updatedAt: now,
      })
      .where(and(keyWhere(key), eq(deliveryClaims.claimedBy, holder))),
    // Versions only move forward, whichever message finishes last.
    db
      .update(deliveryClaims)
      .set({ deliveredVersion: record.leadVersion })
      .where(and(keyWhere(key), lt(deliveryClaims.deliveredVersion, record.leadVersion))),
  ]);
}

/** The last failure recorded on a lead's claim (read by the DLQ consumer). */
export async function lastFailure(db: Database, key: DeliveryKey): Promise<{ status: number | null; error: string | null } | null> {
  const [row] = await db
    .select({ status: deliveryClaims.lastStatus, error: deliveryClaims.lastError })
    .from(deliveryClaims)
    .where(keyWhere(key))
    .limit(1);
  return row ?? null;
}
