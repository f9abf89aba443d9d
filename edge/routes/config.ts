import { Hono } from 'hono';
import { publicWidget } from '../../core/tenants/questionnaire-public';
import type { AppEnv } from '../context';

export const configRoute = new Hono<AppEnv>();

/**
 * The tenant's public configuration for the browser: only what a page may know. The tracker never waits
 * for it before the first page_view (design §6: one request for the script, one for the event); the widget
 * fetches it when it loads. `widget` is null for a tenant without one, and never carries answer points.
 */
configRoute.get('/', (c) => {
  const tenant = c.get('tenant');
  c.header('Cache-Control', 'public, max-age=300');
  return c.json({
    tenant: tenant.id,
    consent_default: tenant.consent_default,
    honor_gpc: tenant.honor_gpc,
    widget: publicWidget(tenant.widget),
    // The widget's chat talks to the tenant's Chatwoot: without one it ends with the call to action.
    chat: tenant.chatwoot !== undefined,
  });
});
