import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../../test/fixtures';
import { CONSOLE_CSP } from './console';

// These read the BUILT page in dist/public/console (npm test runs `npm run build` first).
async function sha16(body: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

describe('GET /console', () => {
  it('serves the shell with a strict CSP: no inline script or style, no eval, no framing, API on its own origin', async () => {
    const response = await SELF.fetch('https://t.acme.test/console');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toBe(CONSOLE_CSP);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    // Only external files: no script or style element with a body, no style attribute, no inline handler.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toMatch(/<script defer src="\/console\/app\.js\?v=[0-9a-f]{16}"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/console\/app\.css\?v=[0-9a-f]{16}"/);
  });

  it('serves the bundles the shell names as immutable, by their content hash; a stale hash gets a short cache', async () => {
    const html = await (await SELF.fetch('https://t.acme.test/console')).text();
    for (const [file, type] of [
      ['app.js', 'application/javascript; charset=utf-8'],
      ['app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const src = html.match(new RegExp(`/console/${file.replace('.', '\\.')}\\?v=[0-9a-f]{16}`))?.[0];
      expect(src, file).toBeDefined();
      const current = await SELF.fetch(`https://t.acme.test${src}`);
      expect(current.status).toBe(200);
      expect(current.headers.get('content-type')).toBe(type);
      expect(current.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(current.headers.get('x-content-type-options')).toBe('nosniff');
      expect(src).toContain(await sha16(await current.arrayBuffer()));
      const stale = await SELF.fetch(`https://t.acme.test/console/${file}?v=0000000000000000`);
      expect(stale.status).toBe(200);
      expect(stale.headers.get('cache-control')).toBe('public, max-age=300');
      await stale.arrayBuffer();
      const plain = await SELF.fetch(`https://t.acme.test/console/${file}`);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
      await plain.arrayBuffer();
    }
  });

  it('sends /console/ to /console, the one URL of the page', async () => {
    const response = await SELF.fetch('https://t.acme.test/console/', { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/console');
  });

  it('answers 404 not_found on a tenant without a console, for the page and its bundles', async () => {
    for (const path of ['/console', '/console/', '/console/app.js', '/console/app.css']) {
      const response = await SELF.fetch(`https://t.initech.test${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(404);
      const body = await response.json<ErrorEnvelope>();
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toContain('console');
    }
  });
});
