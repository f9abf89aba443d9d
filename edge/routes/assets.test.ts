import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { parseTenants } from '../../core/tenants';
import type { ErrorEnvelope } from '../../test/fixtures';
import { tenantDefaultsPrelude } from './assets';

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

  it('writes the tenant\'s capture_forms = false onto the tag as data-capture="off"', () => {
    const tenant = parseTenants({ shop: { name: 'Shop', hosts: ['t.shop.test'], capture_forms: false } }).byId.get('shop')!;
    expect(tenantDefaultsPrelude(tenant)).toContain('document.currentScript,{"capture":"off"}');
    const open = parseTenants({ shop: { name: 'Shop', hosts: ['t.shop.test'] } }).byId.get('shop')!;
    expect(open.capture_forms).toBe(true);
    expect(tenantDefaultsPrelude(open)).toBe('');
  });

  it('compiles the widget launcher only into the /lt.js of tenants with a widget, with their look and trigger', async () => {
    const acme = await (await SELF.fetch('https://t.acme.test/lt.js')).text(); // no widget
    const initech = await (await SELF.fetch('https://t.initech.test/lt.js')).text(); // test/tenants.ts: a widget
    expect(acme).not.toContain('lt-launcher');
    expect(acme).not.toContain('lt-widget.js');
    expect(initech).toContain('lt-launcher');
    expect(initech).toMatch(/lt-widget\.js\?v=[0-9a-f]{16}/);
    // language "es", no launcher_text: the Spanish default; the default theme and trigger.
    expect(initech.split('\n')[0]).toContain('"launcher":"[\\"Habla con nosotros\\",\\"right\\",\\"#1f4fd1\\",\\"#ffffff\\",\\"click\\"]"');
  });

  it('serves /lt-widget.js to tenants with a widget; its content-hashed URL is immutable, a stale hash is not', async () => {
    const plain = await SELF.fetch('https://t.initech.test/lt-widget.js');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    const body = await plain.arrayBuffer();
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', body)).slice(0, 8)]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const lt = await (await SELF.fetch('https://t.initech.test/lt.js')).text();
    expect(lt).toContain(`lt-widget.js?v=${hash}`); // the launcher links to the file being served
    const current = await SELF.fetch(`https://t.initech.test/lt-widget.js?v=${hash}`);
    expect(current.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await current.arrayBuffer()).toEqual(body);
    const stale = await SELF.fetch('https://t.initech.test/lt-widget.js?v=0000000000000000');
    expect(stale.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400');
    await stale.arrayBuffer();
    const none = await SELF.fetch('https://t.acme.test/lt-widget.js');
    expect(none.status).toBe(404);
    await none.arrayBuffer();
  });

  it('answers /lt-widget.js with a clear 404 until a widget exists', async () => {
    const response = await SELF.fetch('http://localhost/lt-widget.js');
    expect(response.status).toBe(404);
    const body = await response.json<ErrorEnvelope>();
    expect(body.error).toMatchObject({ code: 'not_found', message: 'no widget is configured for this tenant' });
  });

  it('the demo has no dead ends: form posts get the thank-you page, SPA deep links the app, and a favicon', async () => {
    for (const action of ['/thanks', '/form-echo', '/spa/submit']) {
      const response = await SELF.fetch(`http://localhost${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=ada%40example.com&note=%3C%2Fscript%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      });
      expect(response.status, action).toBe(200);
      const html = await response.text();
      expect(html).toContain('<h1>Thanks!');
      // The posted fields, as JSON the page renders with textContent; no value can close the script element.
      expect(html).toContain('["email","ada@example.com"]');
      expect(html).not.toContain('<script>alert(1)');
    }
    for (const path of ['/spa/pricing', '/spa/contact', '/spa/a/deep/link']) {
      const response = await SELF.fetch(`http://localhost${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<script type="module" src="/spa/app.js">');
    }
    const icon = await SELF.fetch('http://localhost/favicon.ico');
    expect(icon.status).toBe(200);
    expect((await icon.arrayBuffer()).byteLength).toBeGreaterThan(100);
    // Still development material only, and a missing asset is still a 404.
    expect((await SELF.fetch('https://t.acme.test/thanks', { method: 'POST', body: 'a=1' })).status).toBe(404);
    expect((await SELF.fetch('https://t.acme.test/spa/pricing')).status).toBe(404);
    expect((await SELF.fetch('http://localhost/missing.png')).status).toBe(404);
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
