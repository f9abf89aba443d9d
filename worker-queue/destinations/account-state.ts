/**
 * Per remote account state a destination remembers in D1 (destination_accounts): which properties or fields were
 * provisioned, field keys resolved from the account, endpoints that said 410 Gone. JSON, read and written whole.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../core/db';
import type { Destination } from '../../core/messages';
import { destinationAccounts } from '../../core/schema';

export interface AccountKey {
  tenantId: string;
  destination: Destination;
  /** Which remote account (e.g. `https://api.hubapi.com#HUBSPOT_TOKEN_ACME`). */
  accountKey: string;
}

function where(key: AccountKey) {
  return and(
    eq(destinationAccounts.tenantId, key.tenantId),
    eq(destinationAccounts.destination, key.destination),
    eq(destinationAccounts.accountKey, key.accountKey),
  );
}

export async function readAccountState(db: Database, key: AccountKey): Promise<Record<string, unknown>> {
  const [row] = await db.select({ state: destinationAccounts.state }).from(destinationAccounts).where(where(key)).limit(1);
  try {
    const value: unknown = row ? JSON.parse(row.state) : {};
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function writeAccountState(db: Database, key: AccountKey, state: Record<string, unknown>, now: number): Promise<void> {
  const text = JSON.stringify(state);
  await db
    .insert(destinationAccounts)
    .values({ ...key, state: text, updatedAt: now })
    .onConflictDoUpdate({
      target: [destinationAccounts.tenantId, destinationAccounts.destination, destinationAccounts.accountKey],
      set: { state: text, updatedAt: now },
    });
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * One run at a time per key within an isolate: concurrent deliveries of one batch share a single provisioning
 * instead of each listing the portal's properties.
 */
const inflight = new Map<string, Promise<unknown>>();
export function once<T>(key: string, run: () => Promise<T>): Promise<T> {
  const running = inflight.get(key);
  if (running) return running as Promise<T>;
  const started = run().finally(() => inflight.delete(key));
  inflight.set(key, started);
  return started;
}
