/**
 * Find or create the lead's Pipedrive person (Pipedrive has no upsert). The person id is remembered on the lead's
 * claim the moment it exists, so later deliveries patch it without searching. Search by exact email first; when a
 * create may already have happened (its answer was lost) and search does not see it yet, that is Pipedrive's
 * search lag: wait and search again (up to SEARCH_LAG_TRIES attempts) instead of creating a second person.
 */
import type { RemoteIds } from '../ledger';
import { HttpFailure, type Outcome } from '../outcome';
import type { PipedriveClient } from './client';
import type { FieldKeys } from './fields';
import { type PipedrivePayload, personBody } from './mapping';

export const SEARCH_LAG_TRIES = 3;
/** Seconds to give Pipedrive's search index before looking again. */
export const SEARCH_LAG_DELAY = 30;

export interface PersonSteps {
  remote: RemoteIds;
  saveRemote(ids: RemoteIds): Promise<void>;
}

function idOf(data: unknown): number | null {
  const id: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'id') : undefined;
  return typeof id === 'number' ? id : null;
}

async function search(client: PipedriveClient, email: string): Promise<number | null> {
  const data = await client.call('searchPersons', 'GET', '/api/v2/persons/search', undefined, {
    term: email,
    fields: 'email',
    exact_match: 'true',
    limit: '2',
  });
  const items: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'items') : undefined;
  if (!Array.isArray(items) || items.length === 0) return null;
  const first: unknown = items[0];
  return idOf(typeof first === 'object' && first !== null ? Reflect.get(first, 'item') : null);
}

/** The person id, or an Outcome when this attempt must stop (search lag: retry later). */
export async function ensurePerson(
  client: PipedriveClient,
  payload: PipedrivePayload,
  fields: FieldKeys,
  steps: PersonSteps,
): Promise<number | Outcome> {
  const body = personBody(payload, fields.keys, fields.numeric);
  const known = typeof steps.remote.person_id === 'number' ? steps.remote.person_id : null;
  if (known !== null) {
    await client.call('updatePerson', 'PATCH', `/api/v2/persons/${known}`, body);
    return known;
  }
  const found = payload.email ? await search(client, payload.email) : null;
  if (found !== null) {
    await steps.saveRemote({ person_id: found, person_creating: null });
    await client.call('updatePerson', 'PATCH', `/api/v2/persons/${found}`, body);
    return found;
  }
  const tries = typeof steps.remote.person_creating === 'number' ? steps.remote.person_creating : 0;
  if (tries > 0 && tries < SEARCH_LAG_TRIES && payload.email) {
    await steps.saveRemote({ person_creating: tries + 1 });
    return {
      kind: 'retry',
      reason: `a person for ${payload.email} may exist already; Pipedrive's search does not show it yet`,
      retryAfterSeconds: SEARCH_LAG_DELAY,
    };
  }
  // Noted before the call: if its answer is lost, the next attempt knows a person may exist.
  await steps.saveRemote({ person_creating: 1 });
  const created = idOf(await client.call('addPerson', 'POST', '/api/v2/persons', body));
  if (created === null) throw new HttpFailure(502, '', null, 'pipedrive addPerson: no id');
  await steps.saveRemote({ person_id: created, person_creating: null });
  return created;
}
