import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../test/fixtures';

// These read the BUILT bundles in dist/public (npm test runs `npm run build` first).
describe('static bundles and example pages', () => {
  it('serves /lt.js on every tenant host as cacheable JavaScript', async () => {
    for (const url of ['https://t.acme.test/lt.js', 'https://t.acme.test/_lt/lt.js', 'http://localhost/lt.js']) {
      const response = await SELF.fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toContain('max-age=');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const script = await response.text();
      expect(script.length).toBeGreaterThan(500);
      expect(script).toContain('v1/events');
    }
  });

  it("writes the tenant's consent and GPC defaults onto the tag before the tracker runs", async () => {
    const globex = await SELF.fetch('https://t.globex.test/lt.js'); // consent_default = pending, honor_gpc = false
    expect(globex.status).toBe(200);
    const script = await globex.text();
    expect(script.split('\n')[0]).toContain('document.currentScript,{"consent":"pending","gpc":"ignore"}');
    expect(globex.headers.get('etag')).toBeNull();
    const plain = await (await SELF.fetch('https://t.acme.test/lt.js')).text();
    expect(script.endsWith(plain)).toBe(true);
    expect(plain).not.toContain('document.currentScript,{');
  });

  it('serves the example landing page only to tenants that opt in', async () => {
    const demo = await SELF.fetch('http://localhost/');
    expect(demo.status).toBe(200);
    expect(await demo.text()).toMatch(/<script async src="\/lt\.js"[^>]*><\/script>/);

    const acme = await SELF.fetch('https://t.acme.test/');
    expect(acme.status).toBe(404);
    expect((await acme.json<ErrorEnvelope>()).error.code).toBe('not_found');
  });

  it('does not serve the script for an unknown host', async () => {
    const response = await SELF.fetch('https://t.nobody.test/lt.js');
    expect(response.status).toBe(404);
    expect((await response.json<ErrorEnvelope>()).error.code).toBe('tenant_not_found');
  });
});
