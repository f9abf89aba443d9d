import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { TenantConfig } from '../../core/tenants';
import { launcherConfig } from '../../core/tenants/questionnaire-public';
import type { AppEnv } from '../context';

export const assetsRoute = new Hono<AppEnv>();

/**
 * The tracker's URL never changes (it is pasted once into every page), so it is cached briefly and
 * revalidated in the background instead of being immutable.
 */
const SCRIPT_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';
/** The widget as the launcher loads it, `/lt-widget.js?v=<content hash>`: that URL never changes content. */
const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

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
  if (tenant.widget) defaults.launcher = JSON.stringify(launcherConfig(tenant.widget));
  if (Object.keys(defaults).length === 0) return '';
  return `(function(s,d,k){if(s)for(k in d)if(!(k in s.dataset))s.dataset[k]=d[k]})(document.currentScript,${JSON.stringify(defaults)});\n`;
}

type ScriptContext = { env: Env; req: { url: string; raw: Request }; get(key: 'tenant'): TenantConfig };

/**
 * The /lt.js a tenant gets: a compile-time variant of the tracker (scripts/build.mjs VARIANTS). The widget's
 * launcher is compiled in only for tenants with a widget, so the others pay nothing for it.
 */
export function trackerVariant(tenant: TenantConfig): string {
  return tenant.widget ? '/lt/widget.js' : '/lt/base.js';
}

async function serveScript(c: ScriptContext, path: string): Promise<Response> {
  const tenant = c.get('tenant');
  if (path === '/lt-widget.js' && !tenant.widget) throw new AppError('not_found', 'no widget is configured for this tenant');
  const assetUrl = new URL(path === '/lt.js' ? trackerVariant(tenant) : path, c.req.url);
  const prelude = path === '/lt.js' ? tenantDefaultsPrelude(tenant) : '';
  // With a prelude the body differs from the stored file: no conditional request, no file ETag.
  const asset = await c.env.ASSETS.fetch(new Request(assetUrl, prelude ? {} : { headers: c.req.raw.headers }));
  if (asset.status === 404) throw new AppError('not_found', `${path} has not been built (npm run build)`);
  const response = prelude ? new Response(prelude + (await asset.text()), asset) : new Response(asset.body, asset);
  if (prelude) {
    response.headers.delete('ETag');
    response.headers.delete('Content-Length');
  }
  response.headers.set('Content-Type', 'application/javascript; charset=utf-8');
  response.headers.set(
    'Cache-Control',
    (await isCurrentWidget(c.req.url, path, response)) ? IMMUTABLE_CACHE_CONTROL : SCRIPT_CACHE_CONTROL,
  );
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
}

/**
 * Whether this is the widget asked for by its current content hash (as scripts/build.mjs computes it: the
 * first 16 hex digits of its SHA-256). An old hash (an lt.js cached before a deploy) gets the new file with
 * the short cache, never an immutable copy under the wrong name.
 */
async function isCurrentWidget(url: string, path: string, response: Response): Promise<boolean> {
  const version = new URL(url).searchParams.get('v');
  if (path !== '/lt-widget.js' || !version || response.status !== 200) return false;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer()));
  const hex = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return hex === version;
}

assetsRoute.get('/lt.js', (c) => serveScript(c, '/lt.js'));
assetsRoute.get('/lt-widget.js', (c) => serveScript(c, '/lt-widget.js'));
