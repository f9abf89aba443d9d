/**
 * One batch upsert for several leads (≤ 100 inputs), answered per input: HubSpot's 200 or 207 lists results
 * (matched to inputs by objectWriteTraceId = our delivery id) and errors (matched by the email in context.ids),
 * so one bad input does not fail its neighbours. A whole-call 400 with several inputs is retried one input per
 * call, so only the input HubSpot refuses is refused.
 */
import { HttpFailure } from '../outcome';
import type { ProviderAnswer } from '../provider-answers';
import type { HubspotClient } from './client';
import { type UpsertInput, upsertBatch } from './mapping';

/** `answer`: this input's part of the batch answer only (the ledger keeps it for this lead). */
export type UpsertResult =
  { ok: true; id: string; created: boolean; answer: ProviderAnswer } | { ok: false; message: string; body: string };

function list(body: unknown, key: 'results' | 'errors'): Record<string, unknown>[] {
  const value: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

function idsOf(error: Record<string, unknown>): string[] {
  const context = error.context;
  const ids: unknown = typeof context === 'object' && context !== null ? Reflect.get(context, 'ids') : undefined;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase()) : [];
}

function emailOf(result: Record<string, unknown>): string | null {
  const properties = result.properties;
  const email: unknown = typeof properties === 'object' && properties !== null ? Reflect.get(properties, 'email') : undefined;
  return typeof email === 'string' ? email.toLowerCase() : null;
}

/** HubSpot's body when it refused a call for a property the portal lacks (400 PROPERTY_DOESNT_EXIST), else null. */
export function missingPropertyBody(error: unknown): string | null {
  return error instanceof HttpFailure && error.status === 400 && error.body.includes('PROPERTY_DOESNT_EXIST') ? error.body : null;
}

export function resultsByInput(inputs: UpsertInput[], body: unknown, status = 200): UpsertResult[] {
  const results = list(body, 'results');
  const errors = list(body, 'errors');
  return inputs.map((input) => {
    const result =
      results.find((item) => item.objectWriteTraceId === input.objectWriteTraceId) ?? results.find((item) => emailOf(item) === input.id);
    if (result && typeof result.id === 'string') {
      const answer = { operation: 'hubspot contacts batch upsert', status, body: JSON.stringify(result) };
      return { ok: true, id: result.id, created: result.new === true, answer };
    }
    const error = errors.find((item) => idsOf(item).includes(input.id.toLowerCase()));
    if (error)
      return {
        ok: false,
        message: typeof error.message === 'string' ? error.message : 'refused',
        body: JSON.stringify(error).slice(0, 2000),
      };
    // Neither a result nor an error: HubSpot did not say; let the loop retry this one.
    throw new HttpFailure(502, JSON.stringify(body).slice(0, 2000), null, `hubspot batch upsert: no result for ${input.id}`);
  });
}

export async function upsertContacts(client: HubspotClient, inputs: UpsertInput[]): Promise<UpsertResult[]> {
  try {
    const answer = await client.call('contacts batch upsert', 'POST', '/crm/v3/objects/contacts/batch/upsert', upsertBatch(inputs));
    return resultsByInput(inputs, answer.body, answer.status);
  } catch (error) {
    if (error instanceof HttpFailure && error.status === 400 && inputs.length > 1 && missingPropertyBody(error) === null) {
      return (await Promise.all(inputs.map((input) => upsertOne(client, input)))).flat();
    }
    throw error;
  }
}

async function upsertOne(client: HubspotClient, input: UpsertInput): Promise<UpsertResult[]> {
  try {
    return await upsertContacts(client, [input]);
  } catch (error) {
    if (error instanceof HttpFailure && error.status === 400 && missingPropertyBody(error) === null)
      return [{ ok: false, message: `HubSpot answered 400`, body: error.body }];
    throw error;
  }
}
