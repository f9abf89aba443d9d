import { SELF, env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { type ErrorEnvelope, callWorker } from '../test/fixtures';

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

  it('does at most one D1 query per window for a burst of calls', async () => {
    let queries = 0;
    const db = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'prepare') {
          return (sql: string) => {
            queries++;
            return target.prepare(sql);
          };
        }
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const statuses: number[] = [];
    const burst = Array.from({ length: 30 }, () => callWorker(new Request('https://t.acme.test/healthz'), { DB: db }));
    for (const response of await Promise.all(burst)) statuses.push(response.status);
    for (let i = 0; i < 30; i++) statuses.push((await callWorker(new Request('https://t.acme.test/healthz'), { DB: db })).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(queries).toBeGreaterThanOrEqual(1);
    expect(queries).toBeLessThanOrEqual(2); // 2 only if the burst straddles the 5 s window
  });

  it('remembers a failed check for the window too, as 503 storage_unavailable', async () => {
    let queries = 0;
    const broken = {
      prepare() {
        queries++;
        throw new Error('D1_ERROR: simulated outage');
      },
    } as unknown as D1Database;
    for (let i = 0; i < 10; i++) {
      const response = await callWorker(new Request('https://t.acme.test/healthz'), { DB: broken });
      expect(response.status).toBe(503);
      expect((await response.json<ErrorEnvelope>()).error.code).toBe('storage_unavailable');
    }
    expect(queries).toBeLessThanOrEqual(2);
  });
});
