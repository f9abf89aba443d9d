/**
 * The GDPR deletion tests' tenant (added to test/tenants.ts's by vitest.config.ts): a console plus every destination
 * that can delete (Chatwoot, HubSpot with Lead objects, Pipedrive, Salesforce, a signed webhook) and a notification.
 */
export const DELETION_TEST_TENANTS = {
  erase: {
    name: 'Erase',
    hosts: ['t.erase.test'],
    console: { jwt_secret: 'CONSOLE_JWT_ERASE' },
    chatwoot: { base_url: 'https://chatwoot.erase.test', account_id: 7, inbox_id: 71, token: 'CHATWOOT_TOKEN_ERASE' },
    hubspot: { token: 'HUBSPOT_TOKEN_ERASE', base_url: 'https://api.hubapi.test', create_lead: true, lead_type: 'NEW_BUSINESS' },
    pipedrive: { token: 'PIPEDRIVE_TOKEN_ERASE', base_url: 'https://api.pipedrive.test' },
    salesforce: {
      instance_url: 'https://erase.my.salesforce.test',
      client_id: 'SF_CLIENT_ID_ERASE',
      client_secret: 'SF_CLIENT_SECRET_ERASE',
    },
    webhooks: [{ url: 'https://hooks.erase.test/lt', secret: 'WEBHOOK_SECRET_ERASE' }],
    notify: [{ kind: 'slack', url: 'SLACK_WEBHOOK_ERASE', stages: ['SQL'] }],
  },
};

export const DELETION_TEST_SECRETS = {
  CONSOLE_JWT_ERASE: 'console-key-erase-51d0',
  CHATWOOT_TOKEN_ERASE: 'cw-token-erase',
  HUBSPOT_TOKEN_ERASE: 'hs-token-erase',
  PIPEDRIVE_TOKEN_ERASE: 'pd-token-erase',
  SF_CLIENT_ID_ERASE: 'sf-id-erase',
  SF_CLIENT_SECRET_ERASE: 'sf-secret-erase',
  WEBHOOK_SECRET_ERASE: 'whsec-erase',
  SLACK_WEBHOOK_ERASE: 'https://hooks.slack.test/services/T0/B0/erase',
};
