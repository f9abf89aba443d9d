/**
 * GDPR deletion in Salesforce: every record the person's claims remembered (record_id) is deleted by id
 * (`DELETE /services/data/v{version}/sobjects/{object}/{id}`, Salesforce REST "sObject Rows"; 204). A 404
 * (NOT_FOUND, ENTITY_IS_DELETED) means it is gone already. The derived spec in ../shared/specs covers only upsert
 * and OAuth, so the fake checks this call by hand (test/fakes/salesforce.ts).
 */
import type { SalesforceConfig } from '../../../core/tenants/destinations';
import type { EraseContext, Erased } from '../erase';
import { salesforceClientFor } from './client';

export async function eraseFromSalesforce(ctx: EraseContext<SalesforceConfig>): Promise<Erased> {
  const { config, tenant } = ctx;
  const records = [...new Set(ctx.message.remote.flatMap((remote) => (typeof remote.record_id === 'string' ? [remote.record_id] : [])))];
  if (records.length === 0) return 'not_found';
  const client = salesforceClientFor(ctx.env, tenant.id, config, { timeoutMs: ctx.timeoutMs });
  let deleted = false;
  for (const id of records) {
    const path = `/services/data/v${config.api_version}/sobjects/${config.object}/${encodeURIComponent(id)}`;
    const answer = await client.call('delete', 'DELETE', path, undefined, [404]);
    deleted ||= answer.status !== 404;
  }
  return deleted ? 'deleted' : 'not_found';
}
