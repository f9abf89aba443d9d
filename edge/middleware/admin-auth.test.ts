import { SELF } from 'cloudflare:test';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { adminFetch, consoleToken } from '../../test/admin';
import type { AppEnv } from '../context';
import { handleError } from '../errors';
import { adminAuth, requireAdminRole } from './admin-auth';

interface Envelope {
  error: { code: string; message: string; details?: { reason?: string }; request_id: string };
}

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

async function refused(response: Response, status: number, code: string): Promise<Envelope> {
  expect(response.status).toBe(status);
  const body = await response.json<Envelope>();
  expect(body.error.code).toBe(code);
  expect(body.error.request_id).toMatch(/\S/);
  return body;
}

describe('the console door (/v1/admin, HS256 JWT)', () => {
  it('lets a token signed for the host’s tenant in, with its role and subject', async () => {
    const response = await adminFetch('acme', '/v1/admin/me', { role: 'viewer' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ tenant: 'acme', role: 'viewer', subject: 'ana@agency.test' });
  });

  it('refuses a request without a token', async () => {
    await refused(await SELF.fetch('https://t.acme.test/v1/admin/me'), 401, 'unauthorized');
  });

  it('refuses an expired token', async () => {
    const token = await consoleToken('acme', { expiresIn: -60 });
    await refused(await adminFetch('acme', '/v1/admin/me', { token }), 401, 'unauthorized');
  });

  it('refuses an unsigned (alg: none) token and a garbled one', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ tenant: 'acme', role: 'admin', exp })}.`;
    await refused(await adminFetch('acme', '/v1/admin/me', { token: none }), 401, 'unauthorized');
    const valid = await consoleToken('acme');
    const tampered = valid.replace(/\.[^.]+\./, `.${base64url({ tenant: 'acme', role: 'admin', exp, sub: 'mallory' })}.`);
    await refused(await adminFetch('acme', '/v1/admin/me', { token: tampered }), 401, 'unauthorized');
    await refused(await adminFetch('acme', '/v1/admin/me', { token: 'not-a-jwt' }), 401, 'unauthorized');
  });

  it('refuses a token without exp', async () => {
    const { sign } = await import('hono/jwt');
    const { TEST_SECRETS } = await import('../../test/tenants');
    const token = await sign({ tenant: 'acme', role: 'admin' }, TEST_SECRETS.CONSOLE_JWT_ACME, 'HS256');
    await refused(await adminFetch('acme', '/v1/admin/me', { token }), 401, 'unauthorized');
  });

  it('refuses tenant A’s token on tenant B’s host, and a B-signed token claiming A', async () => {
    const acmeToken = await consoleToken('acme');
    await refused(await adminFetch('globex', '/v1/admin/me', { token: acmeToken }), 401, 'unauthorized');
    const claimsAcme = await consoleToken('globex', { tenant: 'acme' });
    const body = await refused(await adminFetch('globex', '/v1/admin/me', { token: claimsAcme }), 403, 'forbidden');
    expect(body.error.details?.reason).toBe('tenant_mismatch');
  });

  it('reads with a token without a role (viewer), and takes tenant_id as the tenant claim’s alias', async () => {
    const { sign } = await import('hono/jwt');
    const { TEST_SECRETS } = await import('../../test/tenants');
    const exp = Math.floor(Date.now() / 1000) + 600;
    const noRole = await sign({ tenant: 'acme', exp }, TEST_SECRETS.CONSOLE_JWT_ACME, 'HS256');
    expect(await (await adminFetch('acme', '/v1/admin/me', { token: noRole })).json()).toMatchObject({ role: 'viewer' });
    const alias = await sign({ tenant_id: 'acme', role: 'admin', exp }, TEST_SECRETS.CONSOLE_JWT_ACME, 'HS256');
    expect(await (await adminFetch('acme', '/v1/admin/me', { token: alias })).json()).toMatchObject({ role: 'admin' });
    const disagree = await sign({ tenant: 'acme', tenant_id: 'globex', role: 'admin', exp }, TEST_SECRETS.CONSOLE_JWT_ACME, 'HS256');
    await refused(await adminFetch('acme', '/v1/admin/me', { token: disagree }), 403, 'forbidden');
    const none = await sign({ role: 'admin', exp }, TEST_SECRETS.CONSOLE_JWT_ACME, 'HS256');
    await refused(await adminFetch('acme', '/v1/admin/me', { token: none }), 403, 'forbidden');
  });

  it('refuses a role it does not know', async () => {
    const token = await consoleToken('acme', { role: 'owner' });
    await refused(await adminFetch('acme', '/v1/admin/me', { token }), 403, 'forbidden');
  });

  it('answers 404 on a tenant without a console', async () => {
    await refused(await SELF.fetch('https://t.initech.test/v1/admin/me', { headers: { authorization: 'Bearer x' } }), 404, 'not_found');
  });

  it('lets viewers read but not act', async () => {
    const app = new Hono<AppEnv>();
    app.use('*', async (c, next) => {
      c.set('requestId', 'req_test');
      await next();
    });
    app.use('*', async (c, next) => {
      c.set('admin', { role: c.req.header('x-role') === 'admin' ? 'admin' : 'viewer', subject: 's', expiresAt: 0 });
      await next();
    });
    app.post('/act', requireAdminRole, (c) => c.json({ acted: true }));
    app.onError(handleError);
    await refused(await app.request('/act', { method: 'POST' }), 403, 'forbidden');
    expect((await app.request('/act', { method: 'POST', headers: { 'x-role': 'admin' } })).status).toBe(200);
    expect(adminAuth).toBeTypeOf('function');
  });
});

describe('the console door in the OpenAPI document', () => {
  it('answers /v1/admin/me and its refusals as documented', async () => {
    const { expectDocumentedResponse } = await import('../../test/openapi-responses');
    await expectDocumentedResponse(await adminFetch('acme', '/v1/admin/me'), 'GET', '/v1/admin/me');
    await expectDocumentedResponse(await SELF.fetch('https://t.acme.test/v1/admin/me'), 'GET', '/v1/admin/me');
  });
});
