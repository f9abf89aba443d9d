/**
 * `npm run bench:crm` (and the tail of `npm run bench`): CRM deliveries per second per connector against the local
 * fakes, and provider requests per 100 leads, through real `crm` queue batches of 10 (the queue's max_batch_size) in
 * workerd. Not a test: it only prints `CRM-BENCH {json}` lines for scripts/bench/crm.mjs. Runs only when
 * CRM_BENCH=1 selects it (vitest.config.ts), never in `npm test`.
 */
import { env } from 'cloudflare:test';
import { it } from 'vitest';
import { LT_PROPERTIES } from '../../core/tenants/crm-mapping';
import { forgetSalesforceSessions } from '../../worker-queue/destinations/salesforce/client';
import { crmMessage, runCrmBatch, seedCrmLead } from '../crm';
import { routeFetch } from '../fakes/fetch';
import { HubspotFake } from '../fakes/hubspot';
import { PipedriveFake } from '../fakes/pipedrive';
import { SalesforceFake } from '../fakes/salesforce';
import { WebhookReceiverFake } from '../fakes/webhook-receiver';

const LEADS = 100;
/** The crm queue's max_batch_size (wrangler.toml), and 100 to show what a larger batch buys the batching CRMs. */
const RUNS = [
  ['hubspot', 10],
  ['hubspot', 100],
  ['pipedrive', 10],
  ['salesforce', 10],
  ['salesforce', 100],
  ['webhook', 10],
] as const;

it('measures CRM deliveries', { timeout: 120_000 }, async () => {
  for (const [destination, BATCH] of RUNS) {
    forgetSalesforceSessions();
    await env.DB.prepare("DELETE FROM destination_accounts WHERE tenant_id = 'crm-a'").run();
    const hubspot = new HubspotFake('https://api.hubapi.test');
    hubspot.addPortal('hs-token-a');
    const pipedrive = new PipedriveFake('https://api.pipedrive.test');
    pipedrive.searchLag = 0;
    await pipedrive.addAccount('pd-token-a');
    const salesforce = new SalesforceFake('https://crm-a.my.salesforce.test');
    salesforce.addOrg(
      'sf-id-a',
      'sf-secret-a',
      Object.values(LT_PROPERTIES).map((name) => `${name}__c`),
    );
    const hook = new WebhookReceiverFake('https://hooks.crm-a.test/leadtrail', 'whsec-a');
    routeFetch({
      'api.hubapi.test': hubspot.handle,
      'api.pipedrive.test': pipedrive.handle,
      'crm-a.my.salesforce.test': salesforce.handle,
      'hooks.crm-a.test': hook.handle,
    });
    const fake = { hubspot, pipedrive, salesforce, webhook: hook }[destination];

    // One warm-up lead pays the one-off costs (token, provisioning) outside the timed run; they are counted apart.
    await runCrmBatch([crmMessage(await seedCrmLead('crm-a'), destination)]);
    const setupRequests = fake.requests.length;
    const leads = [];
    for (let i = 0; i < LEADS; i++) leads.push(await seedCrmLead('crm-a', { score: i, stage: i % 3 === 0 ? 'SQL' : 'MQL' }));
    const started = performance.now();
    let acked = 0;
    for (let i = 0; i < LEADS; i += BATCH) {
      const { result } = await runCrmBatch(leads.slice(i, i + BATCH).map((lead) => crmMessage(lead, destination)));
      acked += result.explicitAcks.length;
    }
    const elapsedMs = performance.now() - started;
    console.log(
      `CRM-BENCH ${JSON.stringify({ destination, leads: LEADS, batch: BATCH, acked, elapsed_ms: Math.round(elapsedMs), deliveries_per_s: Math.round((LEADS / elapsedMs) * 1000), requests_per_100_leads: Math.round(((fake.requests.length - setupRequests) / LEADS) * 100), setup_requests: setupRequests })}`,
    );
  }
});
