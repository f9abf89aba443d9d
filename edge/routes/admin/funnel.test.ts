import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch } from '../../../test/admin';
import { seedJune } from '../../../test/funnel-dataset';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function getFunnel(query: string, tenant: 'acme' | 'globex' = 'acme') {
  const url = `/v1/admin/funnel?${query}`;
  const response = await adminFetch(tenant, url, { role: 'viewer' });
  await expectDocumentedResponse(response, 'GET', url);
  return response;
}

describe('GET /v1/admin/funnel', () => {
  beforeAll(async () => {
    await seedJune('acme');
  });

  it('gives the known answers of the June dataset', async () => {
    const response = await getFunnel('from=2026-06-01&to=2026-06-30');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-30T23:59:59.999Z',
      visits: 8,
      visitors: 6,
      leads: 4,
      mql: 3,
      sql: 2,
      visit_to_lead: 4 / 6,
      lead_to_mql: 3 / 4,
      mql_to_sql: 2 / 3,
      median_hours_to_sql: 48.5,
      spend: 0,
      currency: null,
      cost_per_lead: 0,
      cost_per_mql: 0,
      cost_per_sql: 0,
    });
  });

  it('filters by campaign (visits by their own touch, leads by first touch), channel and variant', async () => {
    expect(await (await getFunnel('from=2026-06-01&to=2026-06-30&campaign=spring')).json()).toMatchObject({
      visits: 4,
      visitors: 3,
      leads: 2,
      mql: 2,
      sql: 2,
      median_hours_to_sql: 48.5,
    });
    expect(await (await getFunnel('from=2026-06-01&to=2026-06-30&channel=paid_social')).json()).toMatchObject({
      visits: 3,
      visitors: 2,
      leads: 2,
      mql: 1,
      sql: 0,
      mql_to_sql: 0,
      median_hours_to_sql: null,
      spend: null,
    });
    expect(await (await getFunnel('from=2026-06-01&to=2026-06-30&variant=a')).json()).toMatchObject({
      visits: 3,
      visitors: 2,
      leads: 2,
      mql: 2,
      sql: 2,
    });
    expect(await (await getFunnel('from=2026-06-01&to=2026-06-30&landing_page=https://www.acme.test/summer')).json()).toMatchObject({
      visits: 3,
      leads: 2,
    });
  });

  it('counts a stage where it was first reached: A reached MQL on Jun 4 and SQL on Jun 6', async () => {
    expect(await (await getFunnel('from=2026-06-05&to=2026-06-06')).json()).toMatchObject({ visits: 1, leads: 0, mql: 0, sql: 1 });
    expect(await (await getFunnel('from=2026-06-04&to=2026-06-04')).json()).toMatchObject({ mql: 1, sql: 0 });
  });

  it('is scoped to the tenant of the Host', async () => {
    expect(await (await getFunnel('from=2026-06-01&to=2026-06-30', 'globex')).json()).toMatchObject({
      visits: 0,
      visitors: 0,
      leads: 0,
      mql: 0,
      sql: 0,
    });
  });

  it('refuses a bad range with validation_failed', async () => {
    const cases: [string, string][] = [
      ['from=2026-06-10&to=2026-06-01', 'to'],
      ['from=2025-01-01&to=2026-06-01', 'to'],
      ['from=yesterday', 'from'],
      // Not on the calendar: refused, not rolled over into March.
      ['from=2026-02-30', 'from'],
    ];
    for (const [query, path] of cases) {
      const response = await getFunnel(query);
      expect(response.status, query).toBe(400);
      const { error } = await response.json<{ error: { code: string; details: { issues: { path: string }[] } } }>();
      expect(error.code).toBe('validation_failed');
      expect(error.details.issues[0]?.path, query).toBe(path);
    }
  });
});
