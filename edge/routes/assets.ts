import { Hono } from 'hono';
import { AppError } from '../../core/errors';
import type { AppEnv } from '../context';

export const assetsRoute = new Hono<AppEnv>();

/**
 * The tracker's URL never changes (it is pasted once into every page), so it is cached briefly and
 * revalidated in the background instead of being immutable.
 */
const SCRIPT_CACHE_CONTROL = 'public, max-age=3600, stale-while-revalidate=86400';

async function serveScript(c: { env: Env; req: { url: string; raw: Request } }, path: string): Promise<Response> {
  const assetUrl = new URL(path, c.req.url);
  const asset = await c.env.ASSETS.fetch(new Request(assetUrl, { headers: c.req.raw.headers }));
  if (asset.status === 404) throw new AppError('not_found', `${path} has not been built (npm run build)`);
  const response = new Response(asset.body, asset);
  response.headers.set('Content-Type', 'application/javascript; charset=utf-8');
  response.headers.set('Cache-Control', SCRIPT_CACHE_CONTROL);
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Access-Control-Allow-Origin', '*');
  return response;
}

assetsRoute.get('/lt.js', (c) => serveScript(c, '/lt.js'));
assetsRoute.get('/lt-widget.js', (c) => serveScript(c, '/lt-widget.js'));

/** Example pages are development material: only tenants with `serve_examples = true` get them. */
assetsRoute.get('*', async (c, next) => {
  if (!c.get('tenant').serve_examples) return next();
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  return asset.status === 404 ? next() : asset;
});
