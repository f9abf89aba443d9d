import { beforeAll, describe, expect, it } from 'vitest';
import { adminFetch, type ConsoleTenant } from '../../../test/admin';
import { rows } from '../../../test/db';
import { seedJune } from '../../../test/funnel-dataset';
import { expectDocumentedResponse } from '../../../test/openapi-responses';

async function post(tenant: ConsoleTenant, body: string, contentType: string, query = '', role: 'admin' | 'viewer' = 'admin') {
  const url = `/v1/admin/spend${query}`;
  const response = await adminFetch(tenant, url, { method: 'POST', body, headers: { 'content-type': contentType }, role });
  await expectDocumentedResponse(response, 'POST', url);
  return response;
}

async function get(tenant: ConsoleTenant, url: string) {
  const response = await adminFetch(tenant, url, { role: 'viewer' });
  await expectDocumentedResponse(response, 'GET', url);
  return response;
}

const spendCount = async (tenant: string) =>
  (await rows<{ n: number }>('SELECT count(*) AS n FROM ad_spend WHERE tenant_id = ?', tenant))[0]?.n ?? 0;

// A Google Ads campaign report with the Day segment, as downloaded (title and date lines, a BOM, totals at the end).
const GOOGLE_ADS = [
  '\uFEFFCampaign report',
  '"June 1, 2026 - June 30, 2026"',
  'Day,Campaign,Campaign ID,Currency code,Impr.,Clicks,Cost',
  '2026-06-02,spring,1234567890,USD,"12,000",310,"1,100.50"',
  '2026-06-03,spring,1234567890,USD,900,20,50.25',
  '2026-06-10,"Summer, ""big"" sale",555,USD,10,1,--',
  'Total: Campaigns,,,USD,"12,910",331,"1,150.75"',
  'Total: Account,,,USD,"12,910",331,"1,150.75"',
].join('\r\n');

const META = [
  'Reporting starts,Reporting ends,Campaign name,Ad set name,Amount spent (EUR),Impressions',
  '2026-06-10,2026-06-10,summer,Lookalike,80.00,1000',
  '2026-06-10,2026-06-10,summer,Retargeting,40.50,300',
  '2026-06-11,2026-06-11,summer,Lookalike,19.5,200',
].join('\n');

describe('POST and GET /v1/admin/spend', () => {
  beforeAll(async () => {
    await seedJune('acme');
  });

  it('imports JSON rows, feeds the funnel’s cost per stage, and replaces a re-imported (date, campaign, source)', async () => {
    const body = {
      rows: [
        { date: '2026-06-02', campaign: 'spring', cost: 100, source: 'google' },
        { date: '2026-06-03', campaign: 'spring', cost: '50.50', source: 'google' },
        { date: '2026-06-10', campaign: 'summer', cost: 999, currency: 'USD', source: 'facebook' },
        { date: '2026-07-01', campaign: 'spring', cost: 70, source: 'google' },
      ],
    };
    const first = await post('acme', JSON.stringify(body), 'application/json');
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ imported: 4, replaced: 0 });
    const again = await post(
      'acme',
      JSON.stringify({ rows: [{ date: '2026-06-10', campaign: 'summer', cost: 200, source: 'facebook' }] }),
      'application/json',
    );
    expect(await again.json()).toEqual({ imported: 1, replaced: 1 });
    const funnel = await (await get('acme', '/v1/admin/funnel?from=2026-06-01&to=2026-06-30')).json();
    expect(funnel).toMatchObject({ spend: 350.5, currency: 'USD', cost_per_lead: 87.63, cost_per_mql: 116.83, cost_per_sql: 175.25 });
    const spring = await (await get('acme', '/v1/admin/funnel?from=2026-06-01&to=2026-06-30&campaign=spring')).json();
    expect(spring).toMatchObject({ spend: 150.5, cost_per_sql: 75.25 });
  });

  it('refuses a CSV with a bad row, naming the row and column, and imports nothing of it', async () => {
    const before = await spendCount('acme');
    const csv =
      'date,campaign,cost,source\n2026-06-04,spring,10.00,google\n2026-06-05,spring,20,google\n2026-06-06,spring,"12,34",google\n';
    const response = await post('acme', csv, 'text/csv', '?format=generic');
    expect(response.status).toBe(400);
    const { error } = await response.json<{ error: { code: string; details: { row: number; column: string; message: string } } }>();
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({ row: 3, column: 'cost' });
    expect(error.details.message).toContain('12,34');
    expect(await spendCount('acme')).toBe(before);
    const badDate = await post('acme', 'date,campaign,cost\n2026-02-30,x,1\n', 'text/csv');
    expect((await badDate.json<{ error: { details: unknown } }>()).error.details).toMatchObject({ row: 1, column: 'date' });
    const json = await post(
      'acme',
      JSON.stringify({
        rows: [
          { date: '2026-06-04', campaign: 'x', cost: 1 },
          { date: '2026-06-04', campaign: 'x', cost: -1 },
        ],
      }),
      'application/json',
    );
    expect((await json.json<{ error: { details: unknown } }>()).error.details).toMatchObject({ row: 2, column: 'cost' });
    expect(await spendCount('acme')).toBe(before);
  });

  it('imports a Google Ads campaign report as downloaded', async () => {
    const response = await post('acme', GOOGLE_ADS, 'text/csv; charset=utf-8', '?format=google_ads');
    expect(response.status).toBe(200);
    // 2026-06-02 and -03 spring/google replace the JSON rows above.
    expect(await response.json()).toEqual({ imported: 3, replaced: 2 });
    const list = await (await get('acme', '/v1/admin/spend?from=2026-06-01&to=2026-06-30&campaign=spring')).json<{ rows: unknown[] }>();
    expect(list.rows).toEqual([
      { date: '2026-06-03', campaign: 'spring', source: 'google', cost: 50.25, currency: 'USD' },
      { date: '2026-06-02', campaign: 'spring', source: 'google', cost: 1100.5, currency: 'USD' },
    ]);
    const summer = await (
      await get('acme', '/v1/admin/spend?from=2026-06-10&to=2026-06-10&campaign=Summer%2C%20%22big%22%20sale')
    ).json<{ rows: unknown[] }>();
    expect(summer.rows).toEqual([{ date: '2026-06-10', campaign: 'Summer, "big" sale', source: 'google', cost: 0, currency: 'USD' }]);
  });

  it('imports a Meta Ads Manager export (currency from the header, ad sets summed per campaign and day)', async () => {
    const response = await post('globex', META, 'text/csv', '?format=meta');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: 2, replaced: 0 });
    const list = await (await get('globex', '/v1/admin/spend?from=2026-06-01&to=2026-06-30')).json<{ rows: unknown[] }>();
    expect(list.rows).toEqual([
      { date: '2026-06-11', campaign: 'summer', source: 'facebook', cost: 19.5, currency: 'EUR' },
      { date: '2026-06-10', campaign: 'summer', source: 'facebook', cost: 120.5, currency: 'EUR' },
    ]);
    // One currency per tenant.
    const usd = await post('globex', JSON.stringify({ rows: [{ date: '2026-06-12', campaign: 'summer', cost: 1 }] }), 'application/json');
    expect((await usd.json<{ error: { details: unknown } }>()).error.details).toMatchObject({ row: 1, column: 'currency' });
  });

  it('keeps each tenant’s spend to itself', async () => {
    const acme = await (
      await get('acme', '/v1/admin/spend?from=2026-06-01&to=2026-06-30&limit=200')
    ).json<{ rows: { currency: string }[] }>();
    expect(acme.rows.every((row) => row.currency === 'USD')).toBe(true);
    const globexFunnel = await (await get('globex', '/v1/admin/funnel?from=2026-06-01&to=2026-06-30')).json();
    expect(globexFunnel).toMatchObject({ spend: 140, currency: 'EUR', leads: 0, sql: 0, cost_per_sql: null });
  });

  it('answers 403 to a viewer and imports nothing', async () => {
    const before = await spendCount('acme');
    const response = await post(
      'acme',
      JSON.stringify({ rows: [{ date: '2026-06-20', campaign: 'x', cost: 1 }] }),
      'application/json',
      '',
      'viewer',
    );
    expect(response.status).toBe(403);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe('forbidden');
    expect(await spendCount('acme')).toBe(before);
  });

  it('pages the list with a cursor', async () => {
    const first = await (
      await get('acme', '/v1/admin/spend?from=2026-06-01&to=2026-07-31&limit=2')
    ).json<{ rows: { date: string }[]; next_cursor: string }>();
    expect(first.rows.map((row) => row.date)).toEqual(['2026-07-01', '2026-06-10']);
    const second = await (
      await get('acme', `/v1/admin/spend?from=2026-06-01&to=2026-07-31&limit=2&cursor=${first.next_cursor}`)
    ).json<{ rows: { date: string; campaign: string }[]; next_cursor: string | null }>();
    expect(second.rows.map((row) => [row.date, row.campaign])).toEqual([
      ['2026-06-10', 'summer'], // after 'Summer, "big" sale' on the first page (binary order)
      ['2026-06-03', 'spring'],
    ]);
    const bad = await get('acme', '/v1/admin/spend?cursor=nope');
    expect(bad.status).toBe(400);
  });
});
