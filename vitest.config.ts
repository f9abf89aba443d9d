import { readFileSync } from 'node:fs';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import { CRM_TEST_SECRETS, CRM_TEST_TENANTS } from './test/crm-tenants.ts';
import { DELETION_TEST_SECRETS, DELETION_TEST_TENANTS } from './test/deletion-tenants.ts';
import { TEST_SECRETS, TEST_TENANT_LIMIT, TEST_TENANTS } from './test/tenants.ts';

/**
 * Two projects, one `vitest run`:
 *  - workers: Worker code in workerd (D1 migrations applied, real queues and rate limiters)
 *  - node: code that runs in Node (libSQL, build outputs, size budgets)
 * Browser tests (real Chromium against `wrangler dev`) run after these, from vitest.browser.config.ts,
 * so workerd and Chromium never compete with the Worker tests for the two cores.
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations('./migrations'),
                IP_HASH_SALT: 'test-salt',
                // The widget's chat tokens (core/chat/token.ts).
                CHAT_TOKEN_SECRET: 'test-chat-token-secret',
                TENANTS: { ...TEST_TENANTS, ...CRM_TEST_TENANTS, ...DELETION_TEST_TENANTS },
                // Secrets named by the test tenants' destination config (values are fakes).
                CHATWOOT_TOKEN_ACME: 'test-chatwoot-token',
                SLACK_WEBHOOK_ACME: 'https://hooks.slack.fake.test/services/T0/B0/acme',
                TEAMS_WEBHOOK_ACME: 'https://teams.fake.test/webhook/acme',
                HUBSPOT_TOKEN_ACME: 'test-hubspot-token',
                WEBHOOK_SECRET_ACME: 'test-webhook-secret',
                // The provider fakes (test/fakes/) validate against ../shared/specs, read here in Node: workerd has no fs.
                CHATWOOT_SPEC: readFileSync('../shared/specs/chatwoot/swagger.json', 'utf8'),
                ...TEST_SECRETS,
                ...CRM_TEST_SECRETS,
                ...DELETION_TEST_SECRETS,
              },
              ratelimits: {
                RL_TENANT: { namespace_id: '1002', simple: { limit: TEST_TENANT_LIMIT, period: 60 } },
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          // CRM_BENCH=1 (scripts/bench/crm.mjs): only the CRM benchmark, which is never part of `npm test`.
          include: process.env.CRM_BENCH
            ? ['test/bench/crm.bench.ts']
            : ['{core,edge,worker-queue}/**/*.test.ts', 'test/fakes/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          setupFiles: ['./test/apply-migrations.ts'],
          // Floods and worst-case batches take seconds on a loaded 2-core machine; no test asserts a duration.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['**/*.node.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
        },
      },
    ],
  },
});
