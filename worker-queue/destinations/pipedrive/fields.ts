/**
 * Custom person field keys, resolved once per account from personFields (field name → 40-character key, and which
 * fields take numbers) and remembered in destination_accounts; a mapped field the account lacks is created
 * (POST /api/v2/personFields). A mapping entry that is already a 40-hex key is used as it is.
 */
import type { Database } from '../../../core/db';
import { type AccountKey, once, readAccountState, stringList, writeAccountState } from '../account-state';
import { HttpFailure } from '../outcome';
import type { PipedriveClient } from './client';
import { type PipedrivePayload, personFieldBody } from './mapping';

const FIELD_KEY = /^[0-9a-f]{40}$/;
/** Pipedrive field types that take a number; every other custom field gets its value as text. */
const NUMERIC_TYPES = new Set(['double', 'int', 'monetary']);

export interface FieldKeys {
  /** Field name → 40-character key. */
  keys: Record<string, string>;
  /** Names of the fields that take numbers. */
  numeric: Set<string>;
}

function keysOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function fieldList(data: unknown): { name: string; code: string; type: string }[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const name: unknown = Reflect.get(item, 'field_name');
    const code: unknown = Reflect.get(item, 'field_code');
    const type: unknown = Reflect.get(item, 'field_type');
    return typeof name === 'string' && typeof code === 'string' ? [{ name, code, type: typeof type === 'string' ? type : 'varchar' }] : [];
  });
}

async function resolve(client: PipedriveClient, missing: string[], types: PipedrivePayload['types']): Promise<FieldKeys> {
  const listed = new Map(
    fieldList(await client.call('getPersonFields', 'GET', '/api/v2/personFields', undefined, { limit: '500' })).map((f) => [f.name, f]),
  );
  const found: FieldKeys = { keys: {}, numeric: new Set() };
  for (const name of missing) {
    const existing = listed.get(name);
    if (existing ? NUMERIC_TYPES.has(existing.type) : types[name] === 'double') found.numeric.add(name);
    let code = existing?.code;
    if (code === undefined) {
      const created = await client.call('addPersonField', 'POST', '/api/v2/personFields', personFieldBody(name, types[name] ?? 'varchar'));
      const value: unknown = typeof created === 'object' && created !== null ? Reflect.get(created, 'field_code') : undefined;
      if (typeof value !== 'string')
        throw new HttpFailure(502, JSON.stringify(created), null, `pipedrive addPersonField ${name}: no field_code`);
      code = value;
    }
    found.keys[name] = code;
  }
  return found;
}

/** Field keys for every custom field of `payload` (calls Pipedrive only for names not resolved before). */
export async function fieldKeys(
  db: Database,
  key: AccountKey,
  client: PipedriveClient,
  payload: PipedrivePayload,
  now: number,
): Promise<FieldKeys> {
  const state = await readAccountState(db, key);
  const known = keysOf(state.fields);
  const numeric = new Set(stringList(state.numeric));
  for (const name of Object.keys(payload.custom)) if (FIELD_KEY.test(name)) known[name] = name;
  const missing = Object.keys(payload.custom)
    .filter((name) => known[name] === undefined)
    .sort();
  if (missing.length === 0) return { keys: known, numeric };
  const found = await once(`pipedrive:${key.tenantId}:${key.accountKey}:${missing.join(',')}`, async () => {
    const resolved = await resolve(client, missing, payload.types);
    const latest = await readAccountState(db, key);
    const fields = { ...keysOf(latest.fields), ...resolved.keys };
    const numericNames = [...new Set([...stringList(latest.numeric), ...resolved.numeric])].sort();
    await writeAccountState(db, key, { ...latest, fields, numeric: numericNames }, now);
    return resolved;
  });
  return { keys: { ...known, ...found.keys }, numeric: new Set([...numeric, ...found.numeric]) };
}

/** Pipedrive refused a custom field key (deleted in the account since): forget the keys, resolve again. */
export async function forgetFieldKeys(db: Database, key: AccountKey, now: number): Promise<void> {
  const state = await readAccountState(db, key);
  await writeAccountState(db, key, { ...state, fields: {}, numeric: [] }, now);
}
