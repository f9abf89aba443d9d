/**
 * The four CRM-side fakes a workerd test routes the isolate's fetch to: HubSpot, Pipedrive, Salesforce (with the
 * `lt_*__c` fields provisioned) and a signed-webhook receiver, each with one account whose credentials end in
 * `suffix` (as the tenant in test/crm-tenants.ts or test/deletion-tenants.ts names them). Call from `beforeEach`;
 * `crmViolations` in `afterEach` fails the test on any request a spec would refuse.
 */
import { env } from 'cloudflare:test';
import { LT_PROPERTIES } from '../core/tenants/crm-mapping';
import { forgetSalesforceSessions } from '../worker-queue/destinations/salesforce/client';
import { routeFetch } from './fakes/fetch';
import { HubspotFake } from './fakes/hubspot';
import { PipedriveFake } from './fakes/pipedrive';
import { SalesforceFake } from './fakes/salesforce';
import { WebhookReceiverFake } from './fakes/webhook-receiver';

export interface CrmFakes {
  hubspot: HubspotFake;
  pipedrive: PipedriveFake;
  salesforce: SalesforceFake;
  hook: WebhookReceiverFake;
}

export interface CrmFakeSetup {
  /** Its destination_accounts rows (provisioned properties, custom field keys) are cleared: each test starts fresh. */
  tenantId: string;
  /** `hs-token-<suffix>`, `pd-token-<suffix>`, `sf-id-<suffix>` / `sf-secret-<suffix>`, `whsec-<suffix>`. */
  suffix: string;
  salesforceOrigin: string;
  webhookUrl: string;
  /** More hosts to route (e.g. a Chatwoot fake). */
  routes?: Record<string, (request: Request) => Promise<Response>>;
}

/** The fakes of tenant `crm-a` (test/crm-tenants.ts). */
export const CRM_A_FAKES: CrmFakeSetup = {
  tenantId: 'crm-a',
  suffix: 'a',
  salesforceOrigin: 'https://crm-a.my.salesforce.test',
  webhookUrl: 'https://hooks.crm-a.test/leadtrail',
};

export async function startCrmFakes(setup: CrmFakeSetup): Promise<CrmFakes> {
  forgetSalesforceSessions();
  const hubspot = new HubspotFake('https://api.hubapi.test');
  hubspot.addPortal(`hs-token-${setup.suffix}`);
  const pipedrive = new PipedriveFake('https://api.pipedrive.test');
  await pipedrive.addAccount(`pd-token-${setup.suffix}`);
  const salesforce = new SalesforceFake(setup.salesforceOrigin);
  salesforce.addOrg(
    `sf-id-${setup.suffix}`,
    `sf-secret-${setup.suffix}`,
    Object.values(LT_PROPERTIES).map((name) => `${name}__c`),
  );
  const hook = new WebhookReceiverFake(setup.webhookUrl, `whsec-${setup.suffix}`);
  routeFetch({
    ...setup.routes,
    'api.hubapi.test': hubspot.handle,
    'api.pipedrive.test': pipedrive.handle,
    [new URL(setup.salesforceOrigin).host]: salesforce.handle,
    [new URL(setup.webhookUrl).host]: hook.handle,
  });
  await env.DB.prepare('DELETE FROM destination_accounts WHERE tenant_id = ?').bind(setup.tenantId).run();
  return { hubspot, pipedrive, salesforce, hook };
}

/** Every request a provider's spec would have refused (the webhook receiver checks signatures itself). */
export function crmViolations(fakes: CrmFakes): unknown[] {
  return [...fakes.hubspot.violations, ...fakes.pipedrive.violations, ...fakes.salesforce.violations];
}
