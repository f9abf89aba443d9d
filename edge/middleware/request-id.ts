import { createMiddleware } from 'hono/factory';
import { newId } from '../../core/ids';
import type { AppEnv } from '../context';

/**
 * Every response carries an id that also appears in error bodies and logs (Cloudflare's cf-ray if present).
 * Set before the handler (so the error envelope and c.json responses have it) and again after it: routes
 * that return a Response of their own (the scripts, example pages, the assets binding's redirects) do not
 * carry the context's prepared headers.
 */
export const requestId = createMiddleware<AppEnv>(async function requestId(c, next) {
  const ray = c.req.header('cf-ray');
  const id = ray && /^[A-Za-z0-9-]{1,64}$/.test(ray) ? `req_${ray}` : newId('req');
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
  if (!c.res.headers.has('X-Request-Id')) c.header('X-Request-Id', id);
});
