import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /healthz', () => {
  it('answers with the tenant and a D1 round trip', async () => {
    const response = await SELF.fetch('https://t.acme.test/healthz');
    expect(response.status).toBe(200);
    const body = await response.json<{ ok: boolean; tenant: string }>();
    expect(body).toMatchObject({ ok: true, tenant: 'acme' });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('answers 404 tenant_not_found in the envelope for an unknown host', async () => {
    const response = await SELF.fetch('https://unknown.example/healthz');
    expect(response.status).toBe(404);
    const body = await response.json<{ error: { code: string; request_id: string } }>();
    expect(body.error.code).toBe('tenant_not_found');
    expect(body.error.request_id).toMatch(/^req_/);
  });
});
