import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../core/errors';
import { createApp } from './app';

interface Document {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: { EventBatch: { properties: Record<string, unknown>; required: string[] }; Error: unknown } };
}

describe('GET /v1/openapi.json', () => {
  it('documents exactly the routes the app serves', async () => {
    const response = await SELF.fetch('https://t.acme.test/v1/openapi.json');
    expect(response.status).toBe(200);
    const document = await response.json<Document>();
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = createApp()
      .routes.filter((route) => route.method !== 'ALL' && !route.path.includes('*'))
      // Hono's `:id` is OpenAPI's `{id}`.
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    // Every API path answers the CORS preflight (edge/middleware/cors.ts).
    const preflights = served.filter((route) => route.split(' ')[1]?.startsWith('/v1/')).map((route) => `OPTIONS ${route.split(' ')[1]}`);
    const withPreflight = [...new Set([...served, ...preflights])];
    expect(documented.sort()).toEqual(withPreflight.sort());
  });

  it('describes the batch with the validator’s own schema and the closed error codes', async () => {
    const document = await (await SELF.fetch('https://t.acme.test/v1/openapi.json')).json<Document>();
    const batch = document.components.schemas.EventBatch;
    expect(batch.required).toEqual(expect.arrayContaining(['sent_at', 'events']));
    expect(JSON.stringify(batch.properties.events)).toContain('"maxItems":50');
    expect(JSON.stringify(batch.properties.events)).toContain('page_view');
    expect(JSON.stringify(document.components.schemas.Error)).toContain(JSON.stringify(Object.keys(ERROR_STATUS)));
  });
});
