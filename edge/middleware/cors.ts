import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { AppError, clip } from '../../core/errors';
import { parseCanonicalOrigin } from '../../core/origins';
import { isOriginAllowed } from '../../core/tenants';
import type { AppEnv } from '../context';
import type { RouteMethods } from '../methods';

/**
 * Request headers a page may send per route, beyond the CORS-safelisted ones. POST /v1/events takes
 * `content-type` (the SDK's fetch sends application/json), as do the chat's POST routes; the GET routes take none.
 */
const REQUEST_HEADERS: Readonly<Record<string, readonly string[]>> = {
  '/v1/events': ['content-type'],
  // The widget's chat posts JSON (application/json needs the header; text/plain bodies need no preflight).
  '/v1/chat/token': ['content-type'],
  '/v1/chat/messages': ['content-type'],
};
/** The console API takes its token and JSON/CSV bodies (a console on another origin of the tenant). */
const ADMIN_REQUEST_HEADERS: readonly string[] = ['authorization', 'content-type'];

function routeRequestHeaders(path: string): readonly string[] {
  return REQUEST_HEADERS[path] ?? (path.startsWith('/v1/admin/') ? ADMIN_REQUEST_HEADERS : []);
}

/** The methods a page may ask for in a preflight: the route's own, without HEAD/OPTIONS (never preflighted). */
function corsMethods(methods: readonly string[]): string[] {
  return methods.filter((method) => method !== 'HEAD' && method !== 'OPTIONS');
}

function requestedHeaders(c: Context<AppEnv>): string[] {
  return (c.req.header('access-control-request-headers') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
}

/**
 * A preflight is answered only for what the route takes: its methods and REQUEST_HEADERS. Anything else is
 * `403 forbidden` without Access-Control-Allow-* headers (the browser then refuses the request itself).
 */
function preflight(c: Context<AppEnv>, methods: readonly string[]): Response {
  c.header('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
  const allowedMethods = corsMethods(methods);
  const allowedHeaders = routeRequestHeaders(c.req.path);
  const method = c.req.header('access-control-request-method');
  const headers = requestedHeaders(c);
  if (method === undefined || !allowedMethods.includes(method) || headers.some((name) => !allowedHeaders.includes(name))) {
    throw new AppError(
      'forbidden',
      `this route takes ${allowedMethods.join(', ')}${allowedHeaders.length ? ` with ${allowedHeaders.join(', ')}` : ''}`,
      {
        details: { allowed_methods: allowedMethods, allowed_headers: allowedHeaders },
      },
    );
  }
  c.header('Access-Control-Allow-Methods', allowedMethods.join(', '));
  if (allowedHeaders.length > 0) c.header('Access-Control-Allow-Headers', allowedHeaders.join(', '));
  c.header('Access-Control-Max-Age', '86400');
  return c.body(null, 204);
}

/**
 * CORS per tenant origin list, for the routes in `routes` (filled once the app's routes are registered).
 * Headers are set before the handler runs so that error responses keep them (a browser can then read the
 * error envelope). Credentials are allowed so that the collector's first-party cookie can be set on a fetch
 * from the page, which is why origins are compared exactly (core/origins.ts) and echoed canonical.
 */
export function tenantCors(routes: RouteMethods) {
  return createMiddleware<AppEnv>(async function tenantCors(c, next) {
    // The CORS headers depend on the Origin, so every answer says so, also one to a request without an
    // Origin: otherwise a shared cache could serve the cacheable /v1/config without them to a page.
    c.header('Vary', 'Origin');
    const origin = c.req.header('origin');
    const methods = routes.get(c.req.path);
    if (origin === undefined) {
      // Not a browser cross-origin call (curl, server-to-server); a plain OPTIONS lists the methods.
      if (c.req.method === 'OPTIONS' && methods) {
        c.header('Allow', methods.join(', '));
        return c.body(null, 204);
      }
      await next();
      return;
    }
    const canonical = parseCanonicalOrigin(origin)?.origin;
    if (canonical === undefined || !isOriginAllowed(c.get('tenant'), origin)) {
      throw new AppError('origin_not_allowed', `origin ${clip(origin)} may not send data to this tenant`);
    }
    c.header('Access-Control-Allow-Origin', canonical);
    c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    if (c.req.method === 'OPTIONS' && methods) return preflight(c, methods);
    await next();
  });
}
