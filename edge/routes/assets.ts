import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { TenantConfig } from '../../core/tenants';
import type { AppEnv } from '../context';

export const assetsRoute = new Hono<AppEnv>();

/**
 * The tracker's URL never changes (it is pasted once into every page), so it is cached briefly and
 * revalidated in the background instead of being immutable.
 */
const SCRIPT_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

/**
 * The tenant's browser defaults, written as data-* attributes onto the script's own tag before the
 * tracker reads them, unless the page's tag already sets them. So `consent_default = "pending"`,
 * `honor_gpc = false` and `capture_forms = false` in wrangler.toml take effect with the plain one-line tag.
 */
export function tenantDefaultsPrelude(tenant: TenantConfig): string {
  const defaults: Record<string, string> = {};
  if (tenant.consent_default !== 'granted') defaults.consent = tenant.consent_default;
  if (!tenant.honor_gpc) defaults.gpc = 'ignore';
  if (!tenant.capture_forms) defaults.capture = 'off';
  if (Object.keys(defaults).length === 0) return '';
  return `(function(s,d,k){if(s)for(k in d)if(!(k in s.dataset))s.dataset[k]=d[k]})(document.currentScript,${JSON.stringify(defaults)});\n`;
}

async function serveScript(
  c: { env: Env; req: { url: string; raw: Request }; get(key: 'tenant'): TenantConfig },
  path: string,
): Promise<Response> {
  const assetUrl = new URL(path, c.req.url);
  const prelude = path === '/lt.js' ? tenantDefaultsPrelude(c.get('tenant')) : '';
  // With a prelude the body differs from the stored file: no conditional request, no file ETag.
  const asset = await c.env.ASSETS.fetch(new Request(assetUrl, prelude ? {} : { headers: c.req.raw.headers }));
  if (asset.status === 404)
    // The widget is a later, optional bundle (issue 10): until it exists no tenant has one configured.
    throw new AppError(
      'not_found',
      path === '/lt.js' ? '/lt.js has not been built (npm run build)' : 'no widget is configured for this tenant',
    );
  const response = prelude ? new Response(prelude + (await asset.text()), asset) : new Response(asset.body, asset);
  if (prelude) {
    response.headers.delete('ETag');
    response.headers.delete('Content-Length');
  }
  response.headers.set('Content-Type', 'application/javascript; charset=utf-8');
  response.headers.set('Cache-Control', SCRIPT_CACHE_CONTROL);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
}

assetsRoute.get('/lt.js', (c) => serveScript(c, '/lt.js'));
assetsRoute.get('/lt-widget.js', (c) => serveScript(c, '/lt-widget.js'));
