/**
 * Tenants and secrets of the CRM workerd tests (added to test/tenants.ts's by vitest.config.ts). Two tenants share
 * one HubSpot base URL and one Pipedrive base URL with different tokens, so a test can prove tenant A's credentials
 * never reach tenant B's account.
 */
type Extra = Record<string, string | boolean | Record<string, string>>;
const hubspot = (token: string, extra: Extra = {}) => ({ token, base_url: 'https://api.hubapi.test', ...extra });
const pipedrive = (token: string, extra: Extra = {}) => ({ token, base_url: 'https://api.pipedrive.test', ...extra });

export const CRM_TEST_TENANTS = {
  'crm-a': {
    name: 'CRM A',
    hosts: ['t.crm-a.test'],
    hubspot: hubspot('HUBSPOT_TOKEN_CRM_A'),
    pipedrive: pipedrive('PIPEDRIVE_TOKEN_CRM_A'),
    salesforce: {
      instance_url: 'https://crm-a.my.salesforce.test',
      client_id: 'SF_CLIENT_ID_CRM_A',
      client_secret: 'SF_CLIENT_SECRET_CRM_A',
    },
    webhooks: [{ url: 'https://hooks.crm-a.test/leadtrail', secret: 'WEBHOOK_SECRET_CRM_A' }],
  },
  'crm-b': {
    name: 'CRM B',
    hosts: ['t.crm-b.test'],
    hubspot: hubspot('HUBSPOT_TOKEN_CRM_B', {
      mapping: { 'answers.size': 'company_size', score: 'crm_b_score', 'first_touch.utm_term': '' },
      stage_values: { SQL: 'salesqualifiedlead', MQL: 'marketingqualifiedlead' },
    }),
    pipedrive: pipedrive('PIPEDRIVE_TOKEN_CRM_B'),
    salesforce: {
      instance_url: 'https://crm-b.my.salesforce.test',
      client_id: 'SF_CLIENT_ID_CRM_B',
      client_secret: 'SF_CLIENT_SECRET_CRM_B',
      object: 'Contact',
      mapping: { 'answers.size': 'Team_Size__c' },
    },
    webhooks: [
      { url: 'https://hooks.crm-b.test/one', secret: 'WEBHOOK_SECRET_CRM_B', events: ['lead.upserted', 'lead.stage_changed'] },
      { url: 'https://hooks.crm-b.test/two', secret: 'WEBHOOK_SECRET_CRM_B', events: ['lead.stage_changed'] },
    ],
  },
  // HubSpot only, with a Lead object per LeadTrail lead (create_lead).
  'crm-c': {
    name: 'CRM C',
    hosts: ['t.crm-c.test'],
    hubspot: hubspot('HUBSPOT_TOKEN_CRM_C', { create_lead: true, lead_type: 'NEW_BUSINESS' }),
  },
};

export const CRM_TEST_SECRETS = {
  HUBSPOT_TOKEN_CRM_A: 'hs-token-a',
  HUBSPOT_TOKEN_CRM_B: 'hs-token-b',
  HUBSPOT_TOKEN_CRM_C: 'hs-token-c',
  PIPEDRIVE_TOKEN_CRM_A: 'pd-token-a',
  PIPEDRIVE_TOKEN_CRM_B: 'pd-token-b',
  SF_CLIENT_ID_CRM_A: 'sf-id-a',
  SF_CLIENT_SECRET_CRM_A: 'sf-secret-a',
  SF_CLIENT_ID_CRM_B: 'sf-id-b',
  SF_CLIENT_SECRET_CRM_B: 'sf-secret-b',
  WEBHOOK_SECRET_CRM_A: 'whsec-a',
  WEBHOOK_SECRET_CRM_B: 'whsec-b',
};
