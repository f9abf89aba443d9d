import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, type ConsoleTenant } from '../../../test/admin';
import { seedJune } from '../../../test/funnel-dataset';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function get(url: string, tenant: ConsoleTenant = 'acme') {
  const response = await adminFetch(tenant, url, { role: 'viewer' });
  await expectDocumentedResponse(response, 'GET', url);
  return response;
}

interface Row {
  key: string | null;
  [metric: string]: unknown;
}

const byKey = (rows: Row[]) => Object.fromEntries(rows.map((row) => [String(row.key), row]));

describe('GET /v1/admin/breakdown and breakdown.csv', () => {
  beforeAll(async () => {
    await seedJune('acme');
    await seedJune('globex', 'globex');
    const rows = [
      { date: '2026-06-02', campaign: 'spring', cost: 100, source: 'google' },
      { date: '2026-06-03', campaign: 'spring', cost: 50.5, source: 'google' },
      { date: '2026-06-10', campaign: 'summer', cost: 200, source: 'facebook' },
      { date: '2026-06-15', campaign: '=HYPERLINK("https://evil.test","x")', cost: 10 },
    ];
    const response = await adminFetch('acme', '/v1/admin/spend', {
      method: 'POST',
      body: JSON.stringify({ rows }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    const globex = await adminFetch('globex', '/v1/admin/spend', {
      method: 'POST',
      body: JSON.stringify({ rows: [{ date: '2026-06-02', campaign: 'spring', cost: 9000, source: 'google' }] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(globex.status).toBe(200);
  });

  it('gives the campaign table: visits by their own touch, leads and stages by first touch, cost per SQL', async () => {
    const body = await (await get('/v1/admin/breakdown?by=campaign&from=2026-06-01&to=2026-06-30')).json<{ by: string; rows: Row[] }>();
    expect(body.by).toBe('campaign');
    const rows = byKey(body.rows);
    expect(rows.spring).toEqual({
      key: 'spring',
      visits: 4,
      visitors: 3,
      leads: 2,
      mql: 2,
      sql: 2,
      visit_to_lead: 2 / 3,
      lead_to_mql: 1,
      mql_to_sql: 1,
      median_hours_to_sql: 48.5,
      spend: 150.5,
      cost_per_lead: 75.25,
      cost_per_mql: 75.25,
      cost_per_sql: 75.25,
    });
    expect(rows.summer).toMatchObject({
      visits: 3,
      visitors: 2,
      leads: 2,
      mql: 1,
      sql: 0,
      mql_to_sql: 0,
      spend: 200,
      cost_per_mql: 200,
      cost_per_sql: null,
    });
    expect(rows.null).toMatchObject({ key: null, visits: 1, visitors: 1, leads: 0, spend: 0 });
    // Spend without traffic still shows (a campaign that bought nothing).
    expect(rows['=HYPERLINK("https://evil.test","x")']).toMatchObject({ visits: 0, leads: 0, spend: 10, cost_per_lead: null });
    // Globex's 9,000 on spring never reaches acme.
    expect(body.rows.reduce((sum, row) => sum + Number(row.spend), 0)).toBe(360.5);
  });

  it('gives the widget’s conversions by variant (no spend: spend is per campaign and source)', async () => {
    const body = await (await get('/v1/admin/breakdown?by=variant&from=2026-06-01&to=2026-06-30')).json<{ rows: Row[] }>();
    const rows = byKey(body.rows);
    expect(rows.a).toMatchObject({ visits: 3, visitors: 2, leads: 2, mql: 2, sql: 2, mql_to_sql: 1, spend: null, cost_per_sql: null });
    expect(rows.b).toMatchObject({ visits: 2, visitors: 1, leads: 1, mql: 1, sql: 0 });
    expect(rows.null).toMatchObject({ visits: 3, visitors: 3, leads: 1, mql: 0, sql: 0 });
  });

  it('groups by channel, source and landing page (without query string)', async () => {
    const channel = byKey((await (await get('/v1/admin/breakdown?by=channel&from=2026-06-01&to=2026-06-30')).json<{ rows: Row[] }>()).rows);
    expect(Object.keys(channel).sort()).toEqual(['direct', 'paid_search', 'paid_social']);
    const source = byKey((await (await get('/v1/admin/breakdown?by=source&from=2026-06-01&to=2026-06-30')).json<{ rows: Row[] }>()).rows);
    expect(source.google).toMatchObject({ visits: 4, spend: 150.5 });
    const pages = byKey(
      (await (await get('/v1/admin/breakdown?by=landing_page&from=2026-06-01&to=2026-06-30')).json<{ rows: Row[] }>()).rows,
    );
    expect(pages['https://www.acme.test/spring']).toMatchObject({ visits: 4, leads: 2 });
  });

  it('exports the same rows as CSV, formula cells defused', async () => {
    const url = '/v1/admin/breakdown.csv?by=campaign&from=2026-06-01&to=2026-06-30';
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'campaign,visits,visitors,leads,mql,sql,visit_to_lead,lead_to_mql,mql_to_sql,median_hours_to_sql,spend,cost_per_lead,cost_per_mql,cost_per_sql',
    );
    expect(lines).toContain('spring,4,3,2,2,2,0.6666666666666666,1,1,48.5,150.5,75.25,75.25,75.25');
    expect(lines).toContain(`"'=HYPERLINK(""https://evil.test"",""x"")",0,0,0,0,0,,,,,10,,,`);
  });

  it('refuses an unknown dimension', async () => {
    const response = await get('/v1/admin/breakdown?by=country');
    expect(response.status).toBe(400);
  });
});
