/**
 * The provider's answer on the ledger (issue 11: deliveries "with the provider's answer"): each successful delivery
 * keeps the last call's status and bounded body and every call it made, through the real connectors and the
 * spec-validating fakes. Two leads coalesced into one HubSpot batch and one Salesforce Collections call each keep
 * only their own part of the answer: a ledger row never holds another person's data.
 */
import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listDeliveries } from '../../core/admin/deliveries';
import { openDatabase } from '../../core/db';
import { crmMessage, runCrmBatch, seedCrmLead } from '../../test/crm';
import { CRM_A_FAKES, type CrmFakes, crmViolations, startCrmFakes } from '../../test/crm-fakes';

let fakes: CrmFakes;

beforeEach(async () => {
  fakes = await startCrmFakes(CRM_A_FAKES);
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect(crmViolations(fakes)).toEqual([]);
});

async function ledgerOf(leadId: string, destination: string) {
  const { deliveries } = await listDeliveries(openDatabase(env.DB), 'crm-a', { leadId, limit: 10 });
  const row = deliveries.find((d) => d.destination === destination);
  if (!row) throw new Error(`no ${destination} delivery for ${leadId}`);
  return row;
}

describe('the provider’s answer on each delivery', () => {
  it('keeps each call and the last answer; a coalesced batch answer keeps only this lead’s part', async () => {
    const ada = await seedCrmLead('crm-a', { email: `ada.${Date.now()}@example.com` });
    const grace = await seedCrmLead('crm-a', { email: `grace.${Date.now()}@example.com` });
    const { result } = await runCrmBatch(
      [ada, grace].flatMap((lead) => (['hubspot', 'salesforce', 'pipedrive', 'webhook'] as const).map((d) => crmMessage(lead, d))),
    );
    expect(result.explicitAcks).toHaveLength(8);
    // One batch call each for the two leads (the coalescing this test relies on).
    expect(fakes.hubspot.requests.filter((r) => r.url.endsWith('/contacts/batch/upsert'))).toHaveLength(1);

    for (const [lead, other] of [
      [ada, grace],
      [grace, ada],
    ] as const) {
      const hs = await ledgerOf(lead.leadId, 'hubspot');
      expect(hs.provider_status).toBe(200);
      expect(hs.provider_calls.map((c) => c.operation)).toContain('hubspot contacts batch upsert');
      expect(hs.provider_body).toContain(hs.remote_id);
      expect(hs.provider_body).toContain(lead.email ?? 'no email');
      expect(hs.provider_body).not.toContain(other.email ?? 'no email');

      const sf = await ledgerOf(lead.leadId, 'salesforce');
      expect(sf.provider_calls).toEqual([{ operation: 'salesforce collections upsert', status: 200 }]);
      expect(sf.provider_body).toContain(sf.remote_id);
      expect(sf.provider_body).not.toContain(other.leadId);

      const pd = await ledgerOf(lead.leadId, 'pipedrive');
      expect(pd.provider_calls.length).toBeGreaterThan(1);
      expect(pd.provider_calls.every((c) => c.operation.startsWith('pipedrive ') && c.status < 300)).toBe(true);
      expect(pd.provider_status).toBe(pd.provider_calls.at(-1)?.status);

      const wh = await ledgerOf(lead.leadId, 'webhook');
      expect(wh.provider_calls).toEqual([{ operation: 'webhook POST hooks.crm-a.test', status: 200 }]);
    }
  });
});
