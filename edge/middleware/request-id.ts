import { createMiddleware } from 'hono/factory';
import { newId } from '../../core/ids';
import type { AppEnv } from '../context';

/** Every response carries an id that also appears in error bodies and logs (Cloudflare's cf-ray if present). */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const ray = c.req.header('cf-ray');
  const id = ray && /^[A-Za-z0-9-]{1,64}$/.test(ray) ? `req_${ray}` : newId('req');
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
});
