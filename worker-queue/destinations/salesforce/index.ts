/**
 * The Salesforce destination (issue 9 item 4): a Lead (or Contact) upserted by the external-id field holding our
 * lead id, one record per call or several per sObject Collections call (the leads of one queue batch). OAuth client
 * credentials, the token cached and refreshed once on 401. REQUEST_LIMIT_EXCEEDED (the org's daily allocation) is
 * retried later, DUPLICATE_VALUE (a racing create of the same external id) is retried at once as an update, a
 * duplicate-rule rejection or an unknown field is a dead letter with Salesforce's message.
 */
import type { SalesforceConfig } from '../../../core/tenants/destinations';
import { coalesce } from '../coalesce';
import { eraseFromSalesforce } from './erase';
import { type DeliveryContext, defineDestination } from '../deliver';
import type { Outcome } from '../outcome';
import { salesforceClientFor } from './client';
import { type SalesforcePayload, salesforcePayload } from './mapping';
import { type UpsertResult, upsertOne, upsertRecords } from './upsert';

type Context = DeliveryContext<SalesforceConfig, SalesforcePayload>;

/** sObject Collections' limit. */
const MAX_RECORDS = 200;
const WINDOW_MS = 50;
/** The daily allocation is a rolling 24 h: look again in half an hour. */
const LIMIT_RETRY_SECONDS = 1800;
const RETRYABLE = new Set(['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'REQUEST_RUNNING_TOO_LONG', 'NO_RESULT']);

export function salesforceBatchKey(tenantId: string): string {
  return `salesforce\u0000${tenantId}`;
}

function outcomeOf(result: UpsertResult & { ok: false }): Outcome {
  if (result.code === 'REQUEST_LIMIT_EXCEEDED') {
    return {
      kind: 'retry',
      reason: `Salesforce API limit reached: ${result.message}`,
      status: 403,
      body: result.body,
      retryAfterSeconds: LIMIT_RETRY_SECONDS,
    };
  }
  if (RETRYABLE.has(result.code)) return { kind: 'retry', reason: `Salesforce ${result.code}: ${result.message}`, body: result.body };
  if (result.code === 'DUPLICATES_DETECTED')
    return { kind: 'dead', reason: `Salesforce duplicate rule rejected the record: ${result.message}`, status: 400, body: result.body };
  return { kind: 'dead', reason: `Salesforce ${result.code}: ${result.message}`, status: 400, body: result.body };
}

async function deliverToSalesforce(ctx: Context): Promise<Outcome> {
  const { config, tenant, payload } = ctx;
  const client = salesforceClientFor(ctx.env, tenant.id, config, {
    timeoutMs: ctx.timeoutMs,
    onLimit: (used, limit) => {
      if (used >= limit * 0.9) ctx.log.warn('Salesforce API allocation nearly used up', { used, limit });
    },
  });
  let result = await coalesce(salesforceBatchKey(tenant.id), payload, (payloads) => upsertRecords(client, config.api_version, payloads), {
    max: MAX_RECORDS,
    windowMs: WINDOW_MS,
  });
  // Another request created the same external id between Salesforce's match and insert: it exists now, update it.
  if (!result.ok && result.code === 'DUPLICATE_VALUE') result = await upsertOne(client, config.api_version, payload, true);
  if (!result.ok) return outcomeOf(result);
  // The client reports no answers: a Collections call answers for several leads, the result holds this one's part.
  ctx.recordAnswer(result.answer);
  if (ctx.remote.record_id !== result.id) await ctx.saveRemote({ record_id: result.id });
  return { kind: 'done', remoteId: result.id };
}

export const salesforceDestination = defineDestination<SalesforceConfig, SalesforcePayload>({
  destination: 'salesforce',
  config: (tenant) => tenant.salesforce ?? null,
  payload: (snapshot, { config }) => salesforcePayload(snapshot, config),
  deliver: deliverToSalesforce,
  erase: eraseFromSalesforce,
});
