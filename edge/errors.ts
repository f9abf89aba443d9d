import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, clip, errorBody } from '../core/errors';
import { log } from '../core/log';
import type { AppEnv } from './context';
import type { RouteMethods } from './methods';

/** The app's single error handler: everything becomes the one envelope, headers set so far are kept. */
export function handleError(error: Error, c: Context<AppEnv>): Response {
  const requestId = c.get('requestId') ?? 'req_unknown';
  if (error instanceof AppError) {
    if (error.retryAfter !== undefined) c.header('Retry-After', String(error.retryAfter));
    // Messages are built to echo at most clip()'d input; this bounds any that were not.
    return c.json(errorBody(error.code, clip(error.message, 1000), requestId, error.details), error.status);
  }
  if (error instanceof HTTPException && error.status === 413) {
    return c.json(errorBody('payload_too_large', 'request body is too large', requestId), 413);
  }
  log('error', error.message, { request_id: requestId, stack: error.stack });
  return c.json(errorBody('internal_error', 'internal error', requestId), 500);
}

/**
 * No route for the request: `405 method_not_allowed` with `Allow` when the path exists with other methods
 * (GET /v1/events), else `404 not_found`.
 */
export function handleNotFound(routes: RouteMethods) {
  return function handleNotFound(c: Context<AppEnv>): Response {
    const requestId = c.get('requestId') ?? 'req_unknown';
    const allowed = routes.get(c.req.path);
    if (allowed) {
      c.header('Allow', allowed.join(', '));
      return c.json(
        errorBody('method_not_allowed', `${clip(c.req.method, 16)} is not allowed on ${c.req.path}; use ${allowed.join(', ')}`, requestId, {
          allowed_methods: allowed,
        }),
        405,
      );
    }
    return c.json(errorBody('not_found', `no route for ${clip(c.req.method, 16)} ${clip(c.req.path)}`, requestId), 404);
  };
}
