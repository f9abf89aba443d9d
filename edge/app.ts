import { Hono } from 'hono';
import type { AppEnv } from './context';
import { handleError, handleNotFound } from './errors';
import { routeMethods } from './methods';
import { tenantCors } from './middleware/cors';
import { requestId } from './middleware/request-id';
import { resolveTenant } from './middleware/tenant';
import { adminRoute } from './routes/admin';
import { assetsRoute } from './routes/assets';
import { chatRoute } from './routes/chat';
import { configRoute } from './routes/config';
import { consoleRoute } from './routes/console';
import { demoRoute } from './routes/demo';
import { eventsRoute } from './routes/events';
import { examplesRoute } from './routes/examples';
import { healthRoute } from './routes/health';
import { openApiRoute } from './routes/openapi';
import { opsBackfillRoute } from './routes/ops/backfill';
import { opsReplayRoute } from './routes/ops/replay';
import { chatwootWebhookRoute } from './routes/webhooks/chatwoot';

/** The API paths that answer CORS (and its preflight). */
const CORS_PREFIX = '/v1/';

/** The collector: request id → tenant from Host → CORS on the API → routes; one error envelope. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Path → methods, filled once every route is registered (for CORS preflights and 405s).
  const methods = new Map<string, string[]>();
  app.use('*', requestId);
  app.use('*', resolveTenant);
  app.use(`${CORS_PREFIX}*`, tenantCors(methods));
  app.route('/healthz', healthRoute);
  app.route('/v1/events', eventsRoute);
  app.route('/v1/openapi.json', openApiRoute);
  app.route('/v1/config', configRoute);
  app.route('/v1/chat', chatRoute);
  app.route('/v1/demo', demoRoute);
  app.route('/v1/ops/replay', opsReplayRoute);
  app.route('/v1/ops/backfill', opsBackfillRoute);
  app.route('/v1/webhooks/chatwoot', chatwootWebhookRoute);
  app.route('/v1/admin', adminRoute);
  app.route('/', consoleRoute);
  app.route('/', assetsRoute);
  app.route('/', examplesRoute);
  for (const [path, allowed] of routeMethods(app.routes, CORS_PREFIX)) methods.set(path, allowed);
  app.notFound(handleNotFound(methods));
  app.onError(handleError);
  return app;
}
