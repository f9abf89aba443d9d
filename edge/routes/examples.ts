import { Hono } from 'hono';
import type { AppEnv } from '../context';

/**
 * The example site (examples/landing, examples/spa, built into dist/public). Development material: only
 * tenants with `serve_examples = true` get it. No dead ends: the SPA's deep links and reloads get its
 * index.html, and the demo forms' POSTs get a thank-you page that shows what the form sent.
 */
export const examplesRoute = new Hono<AppEnv>();

/** Where the demo forms post (the landing pages, the late-form fixture, the SPA's contact form). */
const FORM_ACTIONS = new Set(['/thanks', '/form-echo', '/spa/submit']);
/** A posted form shown back: enough for any demo form, bounded for anything else. */
const MAX_FIELDS = 50;
const MAX_VALUE = 1024;
/** thanks.html holds this comment where the posted fields go. */
const SENT_MARKER = '<!--lt:sent-->';

function asset(env: Env, path: string, from: string): Promise<Response> {
  return env.ASSETS.fetch(new Request(new URL(path, from)));
}

/** The posted fields as JSON inside a script element; `<` escaped, so no value can close the element. */
function sentFields(form: Record<string, string | File | (string | File)[]>): string {
  const fields = Object.entries(form)
    .slice(0, MAX_FIELDS)
    .flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((v) => [name, typeof v === 'string' ? v.slice(0, MAX_VALUE) : '(file)']),
    );
  return `<script type="application/json" id="sent-data">${JSON.stringify(fields).replace(/</g, '\\u003c')}</script>`;
}

examplesRoute.post('*', async (c, next) => {
  if (!c.get('tenant').serve_examples || !FORM_ACTIONS.has(c.req.path)) return next();
  const form = await c.req.parseBody({ all: true }).catch(() => ({}));
  const page = await asset(c.env, '/thanks', c.req.url);
  if (!page.ok) return next();
  const html = (await page.text()).replace(SENT_MARKER, sentFields(form));
  return c.html(html, 200, { 'Cache-Control': 'no-store' });
});

examplesRoute.get('*', async (c, next) => {
  if (!c.get('tenant').serve_examples) return next();
  const found = await c.env.ASSETS.fetch(c.req.raw);
  if (found.status !== 404) return found;
  // A client-side route of the SPA (/spa/pricing, a reload of /spa/contact): the app itself answers.
  if (/^\/spa\/[^.]*$/.test(c.req.path)) {
    const app = await asset(c.env, '/spa/', c.req.url);
    if (app.ok) return new Response(app.body, app);
  }
  return next();
});
