import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
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
                TENANTS: TEST_TENANTS,
                ...TEST_SECRETS,
              },
              ratelimits: {
                RL_TENANT: { namespace_id: '1002', simple: { limit: TEST_TENANT_LIMIT, period: 60 } },
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['{core,edge,worker-queue}/**/*.test.ts'],
          exclude: ['**/*.node.test.ts'],
          setupFiles: ['./test/apply-migrations.ts'],
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
