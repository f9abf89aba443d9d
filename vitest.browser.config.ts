import { defineConfig } from 'vitest/config';

/**
 * Browser tests: real Chromium (Debian's /usr/bin/chromium via playwright-core) against the BUILT bundles
 * served by one `wrangler dev` for the whole suite (test/browser/global-setup.ts). Run `npm run build` first.
 */
export default defineConfig({
  test: {
    name: 'browser',
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Scenarios inside a file run concurrently (one browser, one context per test); files run one by one
    // so two Chromiums and workerd do not fight over two cores.
    fileParallelism: false,
    maxConcurrency: 3,
  },
});
