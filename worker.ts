/**
 * The Worker: `fetch` is the Hono collector, `queue` the consumers, `scheduled` the alerts cron. Requests under `/_lt/` (a path route
 * on the tenant's own zone, `client.com/_lt/*`) are served exactly like the subdomain form.
 */
import { env as startupEnv } from 'cloudflare:workers';
import { log } from './core/log';
import { TenantConfigError, loadTenants } from './core/tenants';
import { handleQueue } from './worker-queue';
import { handleScheduled } from './worker-queue/alerts/scheduled';
import { createApp } from './edge/app';

/** The widget's live chat: one Durable Object per visitor (wrangler.toml durable_objects). */
export { ChatRoom } from './edge/realtime/chat-room';

const app = createApp();

// Validate tenants as the isolate starts so a bad config is in the logs of `wrangler dev`/`wrangler tail`
// at once; requests are then answered with the same error (edge/middleware/tenant.ts).
try {
  loadTenants(startupEnv.TENANTS);
} catch (error) {
  if (!(error instanceof TenantConfigError)) throw error;
  log('error', `LeadTrail: invalid tenant configuration: ${error.message}`, { tenant: error.tenant, field: error.field });
}
const PATH_PREFIX = '/_lt';

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === PATH_PREFIX || url.pathname.startsWith(`${PATH_PREFIX}/`)) {
      url.pathname = url.pathname.slice(PATH_PREFIX.length) || '/';
      return app.fetch(new Request(url, request), env, ctx);
    }
    return app.fetch(request, env, ctx);
  },
  queue(batch, env, ctx) {
    return handleQueue(batch, env, ctx);
  },
  /** The Cron Trigger (wrangler.toml [triggers]): the console's alerts. */
  scheduled(controller, env) {
    return handleScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;
