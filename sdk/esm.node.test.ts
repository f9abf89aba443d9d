/** The npm build imports cleanly where there is no DOM (SSR) and never throws before init(). */
import { describe, expect, it } from 'vitest';

describe('@leadtrail/sdk in Node', () => {
  it('imports without touching browser globals, exports the API, and queues calls made before init', async () => {
    const sdk = await import('@leadtrail/sdk');
    for (const name of ['init', 'track', 'page', 'identify', 'context', 'consent', 'openWidget'] as const)
      expect(typeof sdk[name]).toBe('function');
    expect(() => sdk.track('before_init', { a: 1 })).not.toThrow();
    expect(sdk.context()).toBeUndefined();
    // No DOM: init() reports and returns instead of throwing into the app.
    expect(() => sdk.init({ endpoint: 'https://t.example.com' })).not.toThrow();
  });
});
