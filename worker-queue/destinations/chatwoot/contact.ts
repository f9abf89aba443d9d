/**
 * Find or create the lead's contact. Create first (identifier = the lead's first tracking id); a 422 because the
 * identifier or the email already exists means the person is there already: search and adopt that contact,
 * never create a second one.
 */
import { PermanentFailure } from '../outcome';
import type { ChatwootClient } from './client';
import type { ChatwootPayload } from './mapping';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
}

/** Chatwoot answers create with `{ payload: { contact } }`; the spec's schema says `{ id, payload }`: read both. */
export function contactIdOf(body: unknown): number | null {
  for (const candidate of [field(field(field(body, 'payload'), 'contact'), 'id'), field(body, 'id'), field(field(body, 'payload'), 'id')]) {
    if (typeof candidate === 'number' && Number.isInteger(candidate)) return candidate;
  }
  return null;
}

/** The contact body fields that are set (Chatwoot's schema has no nulls: absent means "leave as is"). */
export function contactFields(payload: ChatwootPayload): Record<string, unknown> {
  const { name, email, phone_number: phone, custom_attributes: attributes } = payload.contact;
  return {
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
    ...(phone ? { phone_number: phone } : {}),
    custom_attributes: attributes,
  };
}

async function search(client: ChatwootClient, q: string, matches: (contact: unknown) => boolean): Promise<number | null> {
  const result = await client.call('contactSearch', 'GET', '/contacts/search', { query: { q } });
  const list = field(result.body, 'payload');
  if (!Array.isArray(list)) return null;
  // Search is fuzzy (name, email, phone, identifier): adopt only an exact match.
  const found: unknown = list.find(matches);
  return contactIdOf(found);
}

export async function adoptExisting(client: ChatwootClient, payload: ChatwootPayload): Promise<number | null> {
  const byIdentifier = await search(client, payload.identifier, (contact) => field(contact, 'identifier') === payload.identifier);
  if (byIdentifier !== null) return byIdentifier;
  const email = payload.contact.email;
  if (email) {
    const byEmail = await search(client, email, (contact) => String(field(contact, 'email') ?? '').toLowerCase() === email);
    if (byEmail !== null) return byEmail;
  }
  const phone = payload.contact.phone_number;
  if (phone) return search(client, phone, (contact) => field(contact, 'phone_number') === phone);
  return null;
}

export async function findOrCreateContact(
  client: ChatwootClient,
  payload: ChatwootPayload,
  inboxId: number,
): Promise<{ id: number; created: boolean }> {
  const created = await client.call('contactCreate', 'POST', '/contacts', {
    body: { inbox_id: inboxId, identifier: payload.identifier, ...contactFields(payload) },
    accept: [422],
  });
  if (created.status !== 422) {
    const id = contactIdOf(created.body);
    if (id === null)
      throw new PermanentFailure('chatwoot contactCreate answered without a contact id', created.status, JSON.stringify(created.body));
    return { id, created: true };
  }
  const adopted = await adoptExisting(client, payload);
  if (adopted === null)
    throw new PermanentFailure('chatwoot contactCreate answered 422 and no existing contact matches', 422, JSON.stringify(created.body));
  return { id: adopted, created: false };
}
