/**
 * Upsert by external id, answered per record: one record is `PATCH …/sobjects/{object}/{field}/{id}`, several are
 * one sObject Collections upsert (`allOrNone: false`, ≤ 200), whose per-record results say which failed and why.
 * Salesforce's error codes are kept (errorCode in REST errors, statusCode in Collections results) for index.ts to
 * decide: retry, update instead, or dead letter.
 */
import type { ProviderAnswer } from '../provider-answers';
import type { SalesforceClient } from './client';
import { type SalesforcePayload, collectionBody, upsertBody } from './mapping';

/** `answer`: this record's part of the answer only (a Collections call answers for several leads). */
export type UpsertResult =
  { ok: true; id: string; created: boolean; answer: ProviderAnswer } | { ok: false; code: string; message: string; body: string };

const API = (version: string) => `/services/data/v${version}`;

function errorsOf(body: unknown, codeKey: 'errorCode' | 'statusCode'): { code: string; message: string }[] {
  const list = Array.isArray(body) ? body : [body];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const code: unknown = Reflect.get(item, codeKey);
    const message: unknown = Reflect.get(item, 'message');
    return typeof code === 'string' ? [{ code, message: typeof message === 'string' ? message : code }] : [];
  });
}

function resultOf(status: number, body: unknown): UpsertResult {
  const id: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'id') : undefined;
  if (status < 300 && typeof id === 'string')
    return { ok: true, id, created: status === 201, answer: { operation: 'salesforce upsert', status, body: JSON.stringify(body) } };
  const [error] = errorsOf(body, 'errorCode');
  return {
    ok: false,
    code: error?.code ?? `HTTP_${status}`,
    message: error?.message ?? `answered ${status}`,
    body: JSON.stringify(body).slice(0, 2000),
  };
}

export async function upsertOne(
  client: SalesforceClient,
  version: string,
  payload: SalesforcePayload,
  updateOnly = false,
): Promise<UpsertResult> {
  const path = `${API(version)}/sobjects/${payload.object}/${payload.externalIdField}/${encodeURIComponent(payload.externalId)}${updateOnly ? '?updateOnly=true' : ''}`;
  const answer = await client.call('upsert', 'PATCH', path, upsertBody(payload), [400, 403, 404]);
  return resultOf(answer.status, answer.body);
}

async function upsertCollection(client: SalesforceClient, version: string, payloads: SalesforcePayload[]): Promise<UpsertResult[]> {
  const [first] = payloads;
  if (!first) return [];
  const path = `${API(version)}/composite/sobjects/${first.object}/${first.externalIdField}`;
  const answer = await client.call('collections upsert', 'PATCH', path, collectionBody(payloads), [400, 403]);
  if (answer.status !== 200 || !Array.isArray(answer.body)) return payloads.map(() => resultOf(answer.status, answer.body));
  const results: unknown[] = answer.body;
  return payloads.map((_, index) => {
    const item: unknown = results[index];
    if (typeof item !== 'object' || item === null) return { ok: false, code: 'NO_RESULT', message: 'no result for this record', body: '' };
    const id: unknown = Reflect.get(item, 'id');
    if (Reflect.get(item, 'success') === true && typeof id === 'string') {
      const part = { operation: 'salesforce collections upsert', status: answer.status, body: JSON.stringify(item) };
      return { ok: true, id, created: Reflect.get(item, 'created') === true, answer: part };
    }
    const [error] = errorsOf(Reflect.get(item, 'errors'), 'statusCode');
    return { ok: false, code: error?.code ?? 'UNKNOWN', message: error?.message ?? 'failed', body: JSON.stringify(item).slice(0, 2000) };
  });
}

/** Upserts the records of one batch (same tenant, object and external id field), one result each. */
export function upsertRecords(client: SalesforceClient, version: string, payloads: SalesforcePayload[]): Promise<UpsertResult[]> {
  if (payloads.length === 1 && payloads[0]) return upsertOne(client, version, payloads[0]).then((result) => [result]);
  return upsertCollection(client, version, payloads);
}
