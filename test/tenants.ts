/**
 * Tenants for the Worker tests, added to wrangler.toml's demo tenant. Two ordinary tenants (acme, globex)
 * exist to try to cross the tenancy boundary; the flood tenants have their own rate-limit counters.
 */
export const TEST_TENANTS = {
  demo: {
    name: 'Demo (localhost)',
    hosts: ['localhost', '127.0.0.1'],
    allowed_origins: ['http://localhost:8787'],
    consent_default: 'granted',
    honor_gpc: true,
    serve_examples: true,
  },
  acme: {
    name: 'Acme',
    hosts: ['t.acme.test'],
    allowed_origins: ['https://www.acme.test', 'https://shop.acme.test'],
  },
  globex: {
    name: 'Globex',
    hosts: ['t.globex.test'],
    allowed_origins: ['https://www.globex.test'],
    consent_default: 'pending',
    honor_gpc: false,
  },
  'flood-ip': { name: 'Flood per IP', hosts: ['t.flood-ip.test'] },
  'flood-tenant': { name: 'Flood per tenant', hosts: ['t.flood-tenant.test'] },
  // Public suffixes: a cookie on co.uk or github.io would be dropped by the browser.
  alpha: { name: 'Alpha on co.uk', hosts: ['t.alpha.co.uk'], allowed_origins: ['https://www.beta.co.uk'] },
  pages: { name: 'Pages on github.io', hosts: ['a.github.io'], allowed_origins: ['https://b.github.io'] },
  client: { name: 'Client on co.uk', hosts: ['t.client.co.uk'], allowed_origins: ['https://www.client.co.uk'] },
  'flood-lockout': { name: 'One IP floods, others still get in', hosts: ['t.flood-lockout.test'] },
  // Chatwoot webhook tenants: two installs that both number their account 1 (so only the secret tells them
  // apart), and one whose webhook secret is named but never set.
  'inbound-a': {
    name: 'Inbound A',
    hosts: ['t.inbound-a.test'],
    chatwoot: {
      base_url: 'https://chat.inbound-a.test',
      account_id: 1,
      inbox_id: 1,
      token: 'CHATWOOT_TOKEN_INBOUND_A',
      webhook_secret: 'CHATWOOT_WEBHOOK_INBOUND_A',
    },
  },
  'inbound-b': {
    name: 'Inbound B',
    hosts: ['t.inbound-b.test'],
    chatwoot: {
      base_url: 'https://chat.inbound-b.test',
      account_id: 1,
      inbox_id: 2,
      token: 'CHATWOOT_TOKEN_INBOUND_B',
      webhook_secret: 'CHATWOOT_WEBHOOK_INBOUND_B',
    },
  },
  // Notifications (worker-queue/destinations/notify): a Slack target for every qualification, a Teams one for SQL only.
  'notify-a': {
    name: 'Notify A',
    hosts: ['t.notify-a.test'],
    chatwoot: {
      base_url: 'https://chat.notify-a.test',
      account_id: 4,
      inbox_id: 1,
      token: 'CHATWOOT_TOKEN_NOTIFY_A',
    },
    notify: [
      { kind: 'slack', url: 'SLACK_WEBHOOK_NOTIFY_A', stages: ['SQL', 'MQL'] },
      { kind: 'teams', url: 'TEAMS_WEBHOOK_NOTIFY_A', stages: ['SQL'] },
    ],
  },
  'inbound-unset': {
    name: 'Inbound, secret not set',
    hosts: ['t.inbound-unset.test'],
    chatwoot: {
      base_url: 'https://chat.inbound-unset.test',
      account_id: 1,
      inbox_id: 1,
      token: 'CHATWOOT_TOKEN_INBOUND_UNSET',
      webhook_secret: 'CHATWOOT_WEBHOOK_INBOUND_UNSET',
    },
  },
};

/** Secret values bound in the Worker test project (vitest.config.ts), by the names the tenants above use. */
export const TEST_SECRETS = {
  CHATWOOT_WEBHOOK_INBOUND_A: 'whsec-inbound-a-7f3c',
  CHATWOOT_WEBHOOK_INBOUND_B: 'whsec-inbound-b-91d2',
  SLACK_WEBHOOK_NOTIFY_A: 'https://hooks.slack.test/services/T0/B0/x',
  TEAMS_WEBHOOK_NOTIFY_A: 'https://teams.test/workflows/hook',
};

/** The test project's per-tenant limit, low enough for a test to reach; see vitest.config.ts. */
export const TEST_TENANT_LIMIT = 150;
