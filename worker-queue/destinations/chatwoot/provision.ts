/**
 * Once per account (remembered in D1, destination_accounts): the `lt_*` custom attribute definitions for contacts
 * and conversations, and the labels (stages, channels, then any new campaign or routing label when it first
 * appears). Idempotent: existing definitions are listed first and a 422 on a racing create is accepted.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../core/db';
import { destinationAccounts } from '../../../core/schema';
import type { ChatwootClient } from './client';
import { LT_ATTRIBUTES, STATIC_LABELS } from './mapping';

/** Bump when LT_ATTRIBUTES gains keys, so every account is provisioned again (creates only what is missing). */
const PROVISION_VERSION = 1;
const CONVERSATION_MODEL = 0;
const CONTACT_MODEL = 1;

interface AccountState {
  v: number;
  labels: string[];
}

function stateOf(text: string | undefined): AccountState {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    if (
      typeof value === 'object' &&
      value !== null &&
      'v' in value &&
      'labels' in value &&
      typeof value.v === 'number' &&
      Array.isArray(value.labels)
    ) {
      return { v: value.v, labels: value.labels.filter((label): label is string => typeof label === 'string') };
    }
  } catch {
    // unreadable: provision again
  }
  return { v: 0, labels: [] };
}

function keysOf(body: unknown, field: 'attribute_key' | 'title'): Set<string> {
  const items = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null && 'payload' in body && Array.isArray(body.payload)
      ? body.payload
      : [];
  const keys = new Set<string>();
  for (const item of items as unknown[]) {
    if (typeof item === 'object' && item !== null && field in item) {
      const value: unknown = Reflect.get(item, field);
      if (typeof value === 'string') keys.add(value);
    }
  }
  return keys;
}

async function provisionAttributes(client: ChatwootClient): Promise<void> {
  for (const model of [CONVERSATION_MODEL, CONTACT_MODEL]) {
    const existing = await client.call('get-account-custom-attribute', 'GET', '/custom_attribute_definitions', {
      query: { attribute_model: String(model) },
    });
    const have = keysOf(existing.body, 'attribute_key');
    for (const [key, definition] of Object.entries(LT_ATTRIBUTES)) {
      if (have.has(key)) continue;
      await client.call('add-new-custom-attribute-to-account', 'POST', '/custom_attribute_definitions', {
        body: {
          attribute_display_name: definition.name,
          attribute_display_type: definition.type,
          attribute_description: 'Set by LeadTrail',
          attribute_key: key,
          attribute_model: model,
        },
        accept: [422],
      });
    }
  }
}

async function provisionLabels(client: ChatwootClient, labels: readonly string[]): Promise<void> {
  const existing = await client.call('list-all-labels', 'GET', '/labels');
  const have = keysOf(existing.body, 'title');
  for (const title of labels) {
    if (have.has(title)) continue;
    await client.call('create-a-label', 'POST', '/labels', {
      body: { title, description: 'Set by LeadTrail', color: '#1f93ff', show_on_sidebar: true },
      accept: [422],
    });
  }
}

export async function ensureProvisioned(
  db: Database,
  tenantId: string,
  accountKey: string,
  client: ChatwootClient,
  labels: readonly string[],
  now: number,
): Promise<void> {
  const where = and(
    eq(destinationAccounts.tenantId, tenantId),
    eq(destinationAccounts.destination, 'chatwoot'),
    eq(destinationAccounts.accountKey, accountKey),
  );
  const [row] = await db.select({ state: destinationAccounts.state }).from(destinationAccounts).where(where).limit(1);
  const state = stateOf(row?.state);
  const attributesDone = state.v === PROVISION_VERSION;
  const wanted = attributesDone ? labels : [...STATIC_LABELS, ...labels];
  const known = new Set(state.labels);
  const missing = [...new Set(wanted)].filter((label) => !known.has(label));
  if (attributesDone && missing.length === 0) return;
  if (!attributesDone) await provisionAttributes(client);
  if (missing.length > 0) await provisionLabels(client, missing);
  const next: AccountState = { v: PROVISION_VERSION, labels: [...new Set([...state.labels, ...missing])].sort() };
  await db
    .insert(destinationAccounts)
    .values({ tenantId, destination: 'chatwoot', accountKey, state: JSON.stringify(next), updatedAt: now })
    .onConflictDoUpdate({
      target: [destinationAccounts.tenantId, destinationAccounts.destination, destinationAccounts.accountKey],
      set: { state: JSON.stringify(next), updatedAt: now },
    });
}
