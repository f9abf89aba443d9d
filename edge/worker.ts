/**
 * The Worker: `fetch` is the Hono collector, `queue` the consumers. Requests under `/_lt/` (a path route
 * on the tenant's own zone, `client.com/_lt/*`) are served exactly like the subdomain form.
 */
import { handleQueue } from '../worker-queue';
import { createApp } from './app';

const app = createApp();
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
} satisfies ExportedHandler<Env>;
