import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, batch, event, postEvents } from '../test/fixtures';
import { TEST_TENANTS } from '../test/tenants';
import { TenantConfigError, isOriginAllowed, parseTenants } from './tenants';

describe('tenant config', () => {
  it('maps every host to its tenant and applies defaults', () => {
    const registry = parseTenants(TEST_TENANTS);
    expect(registry.byHost.get('t.acme.test')?.id).toBe('acme');
    expect(registry.byHost.get('localhost')?.id).toBe('demo');
    expect(registry.byId.get('acme')).toMatchObject({ consent_default: 'granted', honor_gpc: true, serve_examples: false });
  });

  it.each([
    [{ acme: { name: 'Acme' } }, 'acme', 'hosts'],
    [{ acme: { name: 'Acme', hosts: ['https://t.acme.test'] } }, 'acme', 'hosts.0'],
    [{ acme: { name: 'Acme', hosts: ['t.acme.test'], allowed_origins: ['www.acme.test'] } }, 'acme', 'allowed_origins.0'],
    [{ acme: { name: 'Acme', hosts: ['t.acme.test'], consent_default: 'maybe' } }, 'acme', 'consent_default'],
    [{ acme: { name: 'Acme', hosts: ['t.acme.test'], hots: ['typo'] } }, 'acme', 'hots'],
    [{ acme: { name: 'Acme', hosts: ['t.acme.test'] }, beta: { name: 'Beta', hosts: ['t.acme.test'] } }, 'beta', 'hosts'],
    [{ 'Bad Id': { name: 'x', hosts: ['x.test'] } }, 'Bad Id', 'id'],
    [{}, '*', 'TENANTS'],
  ])('rejects %j naming tenant %s and field %s', (raw, tenant, field) => {
    try {
      parseTenants(raw);
      expect.unreachable('config should be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(TenantConfigError);
      expect(error).toMatchObject({ tenant, field });
    }
  });

  it('answers every request with tenant_config_invalid naming the tenant and field when the config is bad', async () => {
    const TENANTS = { ...TEST_TENANTS, broken: { name: 'Broken', hosts: ['t.broken.test'], consent_default: 'sometimes' } };
    const response = await postEvents(batch([event()]), { env: { TENANTS } as unknown as Partial<Env> });
    expect(response.status).toBe(500);
    const body = await response.json<ErrorEnvelope>();
    expect(body.error.code).toBe('tenant_config_invalid');
    expect(body.error.message).toContain('broken');
    expect(body.error.message).toContain('consent_default');
    expect(body.error.details).toMatchObject({ tenant: 'broken', field: 'consent_default' });
  });

  it('accepts TENANTS as a JSON string too (wrangler dev --var, secrets)', () => {
    expect(parseTenants(JSON.stringify(TEST_TENANTS)).byHost.get('t.acme.test')?.id).toBe('acme');
    expect(() => parseTenants('{not json')).toThrow(TenantConfigError);
  });

  it('allows configured origins and the tenant’s own hosts only', () => {
    const acme = parseTenants(TEST_TENANTS).byId.get('acme');
    if (!acme) throw new Error('acme missing');
    expect(isOriginAllowed(acme, 'https://www.acme.test')).toBe(true);
    expect(isOriginAllowed(acme, 'https://t.acme.test')).toBe(true);
    expect(isOriginAllowed(acme, 'https://www.acme.test.evil.example')).toBe(false);
    expect(isOriginAllowed(acme, 'null')).toBe(false);
  });

  it('compares exact canonical origins: https on the own hosts, http only on localhost', () => {
    const { byId } = parseTenants({
      ...TEST_TENANTS,
      legacy: {
        name: 'Legacy',
        hosts: ['t.legacy.test'],
        allowed_origins: ['https://www.legacy.test:443', 'http://intranet.legacy.test:8080'],
      },
    });
    const acme = byId.get('acme');
    const demo = byId.get('demo');
    const legacy = byId.get('legacy');
    if (!acme || !demo || !legacy) throw new Error('tenant missing');
    for (const origin of [
      'http://t.acme.test',
      'https://t.acme.test:8080',
      'https://t.acme.test/',
      'https://T.ACME.TEST',
      'wss://t.acme.test',
    ]) {
      expect(isOriginAllowed(acme, origin), origin).toBe(false);
    }
    for (const origin of [
      'ftp://localhost',
      'chrome-extension://localhost',
      'http://evil.com@localhost',
      'HTTP://LOCALHOST:8787',
      'http://localhost:8787/',
    ]) {
      expect(isOriginAllowed(demo, origin), origin).toBe(false);
    }
    expect(isOriginAllowed(demo, 'http://localhost:8787')).toBe(true);
    expect(isOriginAllowed(demo, 'http://127.0.0.1:9999')).toBe(true);
    const local = parseTenants({ local: { name: 'Local', hosts: ['optin.localhost'] } }).byId.get('local');
    expect(local && isOriginAllowed(local, 'http://optin.localhost:8787')).toBe(true);
    // Configured entries are compared in their canonical form; explicit http entries stay allowed.
    expect(isOriginAllowed(legacy, 'https://www.legacy.test')).toBe(true);
    expect(isOriginAllowed(legacy, 'https://www.legacy.test:443')).toBe(false);
    expect(isOriginAllowed(legacy, 'http://intranet.legacy.test:8080')).toBe(true);
  });
});
