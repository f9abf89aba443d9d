/**
 * Tenants for the Worker tests, added to wrangler.toml's demo tenant. Two ordinary tenants (acme, globex)
 * exist to try to cross the tenancy boundary; the flood tenants have their own rate-limit counters.
 */
// Declared apart so the array's element type stays the two object types (a miniflare binding must be Json).
const INITECH_SIZE = {
  id: 'size',
  type: 'single',
  text: 'How big is your team?',
  options: [
    { label: '1-10', value: 'small', points: 0, next: 'email' },
    { label: '11-200', value: 'mid', points: 10, next: 'email' },
  ],
};
const INITECH_EMAIL = { id: 'email', type: 'email', text: 'Where can we reach you?' };

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
    console: { jwt_secret: 'CONSOLE_JWT_ACME' },
  },
  globex: {
    name: 'Globex',
    hosts: ['t.globex.test'],
    allowed_origins: ['https://www.globex.test'],
    console: { jwt_secret: 'CONSOLE_JWT_GLOBEX' },
    consent_default: 'pending',
    honor_gpc: false,
  },
  /** The widget's tenant: a questionnaire in Spanish (GET /v1/config, the launcher in its /lt.js). */
  initech: {
    name: 'Initech',
    hosts: ['t.initech.test'],
    widget: {
      greeting: 'Hola desde Initech!',
      language: 'es',
      questions: [INITECH_SIZE, INITECH_EMAIL],
    },
  },
  'flood-ip': { name: 'Flood per IP', hosts: ['t.flood-ip.test'] },
  // Chatwoot delivery tests: two tenants on one fake Chatwoot (different accounts and tokens), one without Chatwoot.
  'chat-a': {
    name: 'Chat A',
    hosts: ['t.chat-a.test'],
    chatwoot: { base_url: 'https://chatwoot.test', account_id: 1, inbox_id: 11, token: 'CHATWOOT_TOKEN_CHAT_A' },
  },
  'chat-b': {
    name: 'Chat B',
    hosts: ['t.chat-b.test'],
    chatwoot: { base_url: 'https://chatwoot.test', account_id: 2, inbox_id: 21, token: 'CHATWOOT_TOKEN_CHAT_B' },
  },
  'chat-none': { name: 'No Chatwoot', hosts: ['t.chat-none.test'] },
  // The end-to-end journey (test/e2e): Chatwoot on the fake plus a Slack notification on MQL/SQL.
  e2e: {
    name: 'End to end',
    hosts: ['t.e2e.test'],
    allowed_origins: ['https://www.e2e.test'],
    chatwoot: { base_url: 'https://chatwoot.test', account_id: 3, inbox_id: 31, token: 'CHATWOOT_TOKEN_E2E' },
    notify: [{ kind: 'slack', url: 'SLACK_WEBHOOK_E2E', stages: ['MQL', 'SQL'] }],
  },
  'flood-tenant': { name: 'Flood per tenant', hosts: ['t.flood-tenant.test'] },
  // Public suffixes: a cookie on co.uk or github.io would be dropped by the browser.
  alpha: { name: 'Alpha on co.uk', hosts: ['t.alpha.co.uk'], allowed_origins: ['https://www.beta.co.uk'] },
  pages: { name: 'Pages on github.io', hosts: ['a.github.io'], allowed_origins: ['https://b.github.io'] },
  client: { name: 'Client on co.uk', hosts: ['t.client.co.uk'], allowed_origins: ['https://www.client.co.uk'] },
  'flood-lockout': { name: 'One IP floods, others still get in', hosts: ['t.flood-lockout.test'] },
  // Destinations (secrets named here are bound in vitest.config.ts): Chatwoot on the local fake + one Slack notify.
  'acme-dest': {
    name: 'Acme with destinations',
    hosts: ['t.acme-dest.test'],
    chatwoot: { base_url: 'https://chatwoot.fake.test', account_id: 1, inbox_id: 1, token: 'CHATWOOT_TOKEN_ACME' },
    notify: [{ kind: 'slack', url: 'SLACK_WEBHOOK_ACME', stages: ['MQL', 'SQL'] }],
    scoring: {
      answer_points: { size: { mid: 10, enterprise: 25 } },
      extra: [{ id: 'pricing_page', event: 'page_view', url_contains: '/pricing', points: 10 }],
    },
  },
  // Every list destination twice over, a CRM, SQL-only notifications and a routing rule that holds back cold leads.
  'acme-fanout': {
    name: 'Acme fan-out',
    hosts: ['t.acme-fanout.test'],
    hubspot: { token: 'HUBSPOT_TOKEN_ACME', base_url: 'https://hubspot.fake.test' },
    webhooks: [
      { url: 'https://hooks.acme.test/one', secret: 'WEBHOOK_SECRET_ACME' },
      { url: 'https://hooks.acme.test/two', secret: 'WEBHOOK_SECRET_ACME' },
    ],
    notify: [
      { kind: 'slack', url: 'SLACK_WEBHOOK_ACME', stages: ['SQL'] },
      { kind: 'teams', url: 'TEAMS_WEBHOOK_ACME', stages: ['MQL', 'SQL'] },
    ],
    routing: [{ name: 'cold leads to the webhooks only', when: { stage: 'Unqualified' }, then: { destinations: ['webhook'] } }],
  },
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
  // The console's alerts cron (worker-queue/alerts): a console, one Slack target, thresholds small enough for a test.
  alerts: {
    name: 'Alerts',
    hosts: ['t.alerts.test'],
    console: {
      jwt_secret: 'CONSOLE_JWT_ACME',
      currency: 'EUR',
      alerts: { window_days: 7, min_leads: 2, mql_to_sql_drop: 0.3, cost_per_sql_rise: 0.5, bot_spike: 3, min_bot_events: 3 },
    },
    notify: [{ kind: 'slack', url: 'SLACK_WEBHOOK_NOTIFY_A', stages: ['SQL'] }],
  },
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
  // The console's delivery operations (edge/routes/admin/replay.test.ts): a console and a webhook on the local fake.
  'ops-a': {
    name: 'Ops A',
    hosts: ['t.ops-a.test'],
    console: { jwt_secret: 'CONSOLE_JWT_OPS_A' },
    webhooks: [{ url: 'https://hooks.ops-a.test/leadtrail', secret: 'WEBHOOK_SECRET_OPS_A' }],
  },
};

/** The test project's per-tenant limit, low enough for a test to reach; see vitest.config.ts. */
export const TEST_TENANT_LIMIT = 150;

/** Secret values of the test tenants (bindings, like `wrangler secret put` sets them). */
export const TEST_SECRETS = {
  CHATWOOT_WEBHOOK_INBOUND_A: 'whsec-inbound-a-7f3c',
  CHATWOOT_WEBHOOK_INBOUND_B: 'whsec-inbound-b-91d2',
  SLACK_WEBHOOK_NOTIFY_A: 'https://hooks.slack.test/services/T0/B0/x',
  TEAMS_WEBHOOK_NOTIFY_A: 'https://teams.test/workflows/hook',
  CHATWOOT_TOKEN_CHAT_A: 'token-chat-a',
  CHATWOOT_TOKEN_CHAT_B: 'token-chat-b',
  OPS_TOKEN: 'test-ops-token',
  CHATWOOT_TOKEN_E2E: 'token-e2e',
  SLACK_WEBHOOK_E2E: 'https://hooks.slack.test/services/T0/B0/e2e',
  // Console token keys (test/admin.ts signs with them).
  CONSOLE_JWT_ACME: 'console-key-acme-3b1f',
  CONSOLE_JWT_GLOBEX: 'console-key-globex-8c2e',
  CONSOLE_JWT_OPS_A: 'console-key-ops-a-5d7a',
  WEBHOOK_SECRET_OPS_A: 'whsec-ops-a-2e9b',
};
