/**
 * Custom contact properties (the `lt_*` of design §3 and any the tenant's mapping names), created once per portal
 * with the Properties API and remembered in destination_accounts: existing ones are listed first, a property that
 * exists already (a racing create) is fine, and one HubSpot refuses to create is a dead letter naming it.
 */
import type { Database } from '../../../core/db';
import { type AccountKey, once, readAccountState, stringList, writeAccountState } from '../account-state';
import { PermanentFailure } from '../outcome';
import type { HubspotClient } from './client';
import { HUBSPOT_BUILT_IN, type HubspotPayload, propertyBatch, propertyDefinition } from './mapping';

function namesOf(body: unknown, list: 'results' | 'errors'): unknown[] {
  return typeof body === 'object' && body !== null && list in body && Array.isArray(Reflect.get(body, list))
    ? (Reflect.get(body, list) as unknown[])
    : [];
}

function propertyNames(body: unknown): Set<string> {
  const names = new Set<string>();
  for (const item of namesOf(body, 'results')) {
    const name: unknown = typeof item === 'object' && item !== null ? Reflect.get(item, 'name') : undefined;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

async function createMissing(client: HubspotClient, missing: string[], kinds: HubspotPayload['kinds']): Promise<void> {
  const listed = propertyNames((await client.call('properties getAll', 'GET', '/crm/v3/properties/contacts')).body);
  const toCreate = missing.filter((name) => !listed.has(name));
  if (toCreate.length === 0) return;
  const answer = await client.call(
    'properties batch create',
    'POST',
    '/crm/v3/properties/contacts/batch/create',
    propertyBatch(toCreate.map((name) => propertyDefinition(name, kinds[name] ?? 'string'))),
  );
  const refused = namesOf(answer.body, 'errors').filter((error) => {
    const category: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'category') : undefined;
    return category !== 'OBJECT_ALREADY_EXISTS';
  });
  if (refused.length > 0)
    throw new PermanentFailure(
      `HubSpot refused to create properties ${toCreate.join(', ')}`,
      answer.status,
      JSON.stringify(refused).slice(0, 2000),
    );
}

/** Makes sure every property of `payload` exists in the portal (no call once they are all known). */
export async function ensureProperties(
  db: Database,
  key: AccountKey,
  client: HubspotClient,
  payload: HubspotPayload,
  now: number,
): Promise<void> {
  const wanted = Object.keys(payload.properties).filter((name) => !HUBSPOT_BUILT_IN.has(name));
  const state = await readAccountState(db, key);
  const known = new Set(stringList(state.properties));
  const missing = wanted.filter((name) => !known.has(name));
  if (missing.length === 0) return;
  await once(`hubspot:${key.tenantId}:${key.accountKey}:${missing.sort().join(',')}`, async () => {
    await createMissing(client, missing, payload.kinds);
    const latest = await readAccountState(db, key);
    const properties = [...new Set([...stringList(latest.properties), ...missing])].sort();
    await writeAccountState(db, key, { ...latest, properties }, now);
  });
}

/** Forgets what was provisioned (HubSpot said a property does not exist: someone deleted it), so the next try creates it. */
export async function forgetProperties(db: Database, key: AccountKey, now: number): Promise<void> {
  const state = await readAccountState(db, key);
  await writeAccountState(db, key, { ...state, properties: [] }, now);
}
