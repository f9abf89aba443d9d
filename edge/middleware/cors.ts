import { createMiddleware } from 'hono/factory';
import { AppError, clip } from '../../core/errors';
import { isOriginAllowed } from '../../core/tenants';
import type { AppEnv } from '../context';

/**
 * CORS per tenant origin list. Headers are set before the handler runs so that error responses keep
 * them (a browser can then read the error envelope). Credentials are allowed so that the collector's
 * first-party cookie can be set on a fetch from the page.
 */
export const tenantCors = createMiddleware<AppEnv>(async (c, next) => {
  // The CORS headers depend on the Origin, so every answer says so, also one to a request without an
  // Origin: otherwise a shared cache could serve the cacheable /v1/config without them to a page.
  c.header('Vary', 'Origin');
  const origin = c.req.header('origin');
  if (origin === undefined) {
    await next(); // not a browser cross-origin call (curl, server-to-server)
    return;
  }
  if (!isOriginAllowed(c.get('tenant'), origin)) {
    throw new AppError('origin_not_allowed', `origin ${clip(origin)} may not send data to this tenant`);
  }
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Allow-Credentials', 'true');
  c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
  if (c.req.method === 'OPTIONS') {
    c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? 'content-type');
    c.header('Access-Control-Max-Age', '86400');
    return c.body(null, 204);
  }
  await next();
});
