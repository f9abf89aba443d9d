/**
 * The console shows what the pipeline made of real traffic: visitors of the board tenant (board.localhost, no
 * other test sends it anything) are sent through POST /v1/events from a page in a person's Chromium, ad spend is
 * imported through POST /v1/admin/spend, the Worker's own ingest and scoring turn them into leads and stages, and
 * the dashboard's tiles, funnel, campaign table and trends, and the lead search and timeline, must show exactly
 * those numbers. The dashboard's screenshot is kept in test/browser/artifacts/console-dashboard.png.
 */
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { sendVisitors, type Visitor, visitorId } from './console-seed';
import { consoleToken } from './console-tenant';
import { type BrowserContext, LOCAL, type Page, humanContext, newContext, until, useBrowser } from './harness';

useBrowser();

const BOARD = LOCAL.replace('localhost', 'board.localhost');
const ARTIFACTS = join(import.meta.dirname, 'artifacts');
const LAPTOP = { width: 1366, height: 768 };

const visitor = (campaign: string, source: string, medium: string, channel: string, pages: number, reach: Visitor['reach']): Visitor => ({
  id: visitorId(campaign.slice(0, 2)),
  campaign,
  source,
  medium,
  channel,
  pages,
  reach,
});
const spring = (pages: number, reach: Visitor['reach']) => visitor('spring-search', 'google', 'cpc', 'paid_search', pages, reach);
const autumn = (reach: Visitor['reach']) => visitor('autumn-social', 'facebook', 'paid_social', 'paid_social', 1, reach);

/**
 * spring-search: 6 visitors × 2 page views → 3 leads, 2 reach MQL (one goes on to SQL), 1 SQL; spend 120.
 * autumn-social: 4 visitors × 1 page view → 2 leads, 1 MQL, 0 SQL; spend 50.
 * winter-mail:   1 visitor  × 1 page view → 1 lead, SQL (so MQL too); spend 30.
 * Totals: visits 17, visitors 11, leads 6, MQL 4 (reached MQL or higher), SQL 2; spend 200 USD.
 */
const VISITORS: Visitor[] = [
  spring(2, 'sql'),
  spring(2, 'mql'),
  spring(2, 'lead'),
  spring(2, 'visit'),
  spring(2, 'visit'),
  spring(2, 'visit'),
  autumn('mql'),
  autumn('lead'),
  autumn('visit'),
  autumn('visit'),
  visitor('winter-mail', 'newsletter', 'email', 'email', 1, 'sql'),
];
const SQL_VISITOR = VISITORS[0]!;
const today = new Date().toISOString().slice(0, 10);
const SPEND = [
  { date: today, campaign: 'spring-search', cost: 120, source: 'google' },
  { date: today, campaign: 'autumn-social', cost: 50, source: 'facebook' },
  { date: today, campaign: 'winter-mail', cost: 30, source: 'newsletter' },
];

interface FunnelNow {
  visits: number;
  leads: number;
  mql: number;
  sql: number;
}

beforeAll(async () => {
  const ctx = await humanContext();
  const page = await ctx.newPage();
  await page.goto(`${BOARD}/console`);
  await sendVisitors(page, VISITORS);
  const token = await consoleToken('board');
  const spend = await page.evaluate(
    async ([t, rows]) => {
      const r = await fetch('/v1/admin/spend', {
        method: 'POST',
        headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
        body: JSON.stringify({ rows }),
      });
      return `${r.status} ${await r.text()}`;
    },
    [token, SPEND] as const,
  );
  if (!spend.startsWith('200')) throw new Error(`spend import: ${spend}`);
  // Ready when the consumer has stored and scored everything (the page is then read once, not polled).
  let last: FunnelNow | null = null;
  await until(
    async () => {
      last = await page.evaluate(async (t) => {
        const r = await fetch('/v1/admin/funnel', { headers: { authorization: `Bearer ${t}` } });
        return (await r.json()) as FunnelNow;
      }, token);
      return last.visits >= 17 && last.leads >= 6 && last.mql >= 4 && last.sql >= 2;
    },
    () => `the board's traffic to be ingested and scored (funnel now ${JSON.stringify(last)})`,
    60_000,
  );
  await ctx.close();
});

async function openBoard(
  role: 'admin' | 'viewer' = 'admin',
  locale = 'en-US',
): Promise<{ ctx: BrowserContext; page: Page; problems: string[] }> {
  const ctx = await newContext({ viewport: LAPTOP, locale });
  const problems: string[] = [];
  await ctx.addInitScript((token) => sessionStorage.setItem('leadtrail.console.token', token), await consoleToken('board', { role }));
  const page = await ctx.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  await page.goto(`${BOARD}/console#/dashboard`);
  await page.getByRole('navigation', { name: /Main|Principal/ }).waitFor();
  return { ctx, page, problems };
}

const tile = (page: Page, metric: string) => page.locator(`.tile[data-metric="${metric}"]`);
const tileValue = (page: Page, metric: string) => tile(page, metric).locator('.tile-value').textContent();

/** The campaign table's first-column keys, top to bottom. */
const tableKeys = (page: Page) => page.getByTestId('breakdown').locator('tbody th').allTextContents();

describe.concurrent('console on seeded traffic', () => {
  it('the KPI tiles and the funnel show the seeded numbers; the screenshot is kept', async ({ expect }) => {
    const { ctx, page, problems } = await openBoard();
    await expect.poll(() => tileValue(page, 'visits')).toBe('17');
    const values = Object.fromEntries(
      await Promise.all(
        ['visitors', 'leads', 'mql', 'sql', 'visit_to_lead', 'lead_to_mql', 'mql_to_sql', 'cost_per_sql'].map(async (m) => [
          m,
          await tileValue(page, m),
        ]),
      ),
    );
    expect(values).toEqual({
      visitors: '11',
      leads: '6',
      mql: '4',
      sql: '2',
      visit_to_lead: '54.5%', // 6 leads / 11 visitors
      lead_to_mql: '66.7%', // 4 / 6
      mql_to_sql: '50%', // 2 / 4
      cost_per_sql: '$100.00', // 200 USD / 2
    });
    // Everything arrived today: the previous 30 days had nothing, so there is no change to show.
    expect(await tile(page, 'visits').locator('.trend').textContent()).toBe('no previous data');
    expect(await tileValue(page, 'median_hours_to_sql')).not.toBe('—');

    const funnel = page.getByRole('img', { name: /^Funnel:/ });
    expect(await funnel.getAttribute('aria-label')).toBe('Funnel: Visits 17, Visitors 11, Leads 6, MQL 4, SQL 2');
    expect(await funnel.locator('[data-step="sql"] .bar-value').textContent()).toBe('2 (MQL → SQL 50%)');
    await page.getByText('Funnel as a table').click();
    const table = page.locator('.funnel table');
    expect(await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).innerText.split('\t')))).toEqual([
      ['Visits', '17', '—'],
      ['Visitors', '11', '—'],
      ['Leads', '6', 'Visit → lead: 54.5%'],
      ['MQL', '4', 'Lead → MQL: 66.7%'],
      ['SQL', '2', 'MQL → SQL: 50%'],
    ]);

    // The trend's last point is today: all of the traffic.
    await expect.poll(() => page.getByRole('img', { name: /^Leads, MQL and SQL/ }).count()).toBe(1);
    const pipeline = page.locator('.line-chart').filter({ hasText: 'Leads, MQL and SQL' });
    await pipeline.getByText('Data table').click();
    const lastRow = await pipeline.locator('tbody tr').last().locator('td').allTextContents();
    expect(lastRow).toEqual(['6', '4', '2']);

    await page.getByText('Funnel as a table').click(); // closed again for the picture
    await pipeline.getByText('Data table').click();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'console-dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('the campaign table sorts by MQL→SQL rate and by cost per SQL (aria-sort), and switches dimension', async ({ expect }) => {
    const { ctx, page, problems } = await openBoard();
    const table = page.getByTestId('breakdown');
    await table.waitFor();
    const row = (key: string) =>
      table
        .locator('tbody tr')
        .filter({ has: page.getByRole('rowheader', { name: key, exact: true }) })
        .locator('td')
        .allTextContents();
    // visits, leads, MQL, SQL, lead→MQL, MQL→SQL, spend, cost per lead, cost per SQL
    expect(await row('spring-search')).toEqual(['12', '3', '2', '1', '66.7%', '50%', '$120.00', '$40.00', '$120.00']);
    expect(await row('autumn-social')).toEqual(['4', '2', '1', '0', '50%', '0%', '$50.00', '$25.00', '—']);
    expect(await row('winter-mail')).toEqual(['1', '1', '1', '1', '100%', '100%', '$30.00', '$30.00', '$30.00']);

    // Default: MQL→SQL, best first.
    const mqlToSql = page.getByRole('columnheader', { name: /MQL → SQL/ });
    expect(await mqlToSql.getAttribute('aria-sort')).toBe('descending');
    expect(await tableKeys(page)).toEqual(['winter-mail', 'spring-search', 'autumn-social']);
    await mqlToSql.getByRole('button').click();
    expect(await mqlToSql.getAttribute('aria-sort')).toBe('ascending');
    expect(await tableKeys(page)).toEqual(['autumn-social', 'spring-search', 'winter-mail']);

    // Cost per SQL: cheapest first; a campaign without SQL has no cost per SQL and stays last either way.
    const cost = page.getByRole('columnheader', { name: /Cost per SQL/ });
    await cost.getByRole('button').click();
    expect(await cost.getAttribute('aria-sort')).toBe('ascending');
    expect(await mqlToSql.getAttribute('aria-sort')).toBeNull();
    expect(await tableKeys(page)).toEqual(['winter-mail', 'spring-search', 'autumn-social']);
    await cost.getByRole('button').press('Enter'); // by keyboard too
    expect(await cost.getAttribute('aria-sort')).toBe('descending');
    expect(await tableKeys(page)).toEqual(['spring-search', 'winter-mail', 'autumn-social']);

    await page.getByLabel('Break down by').selectOption('channel');
    await expect.poll(() => page.getByRole('columnheader', { name: /^Channel/ }).count()).toBe(1);
    await expect.poll(async () => (await tableKeys(page)).sort()).toEqual(['Email', 'Paid search', 'Paid social']);
    expect(await row('Paid search')).toEqual(['12', '3', '2', '1', '66.7%', '50%', '—', '—', '—']); // spend is per campaign and source only
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('in pt-BR the same numbers are formatted for Brazil', async ({ expect }) => {
    const { ctx, page, problems } = await openBoard('admin', 'pt-BR');
    await expect.poll(() => tileValue(page, 'visit_to_lead')).toBe('54,5%');
    expect(await tileValue(page, 'cost_per_sql')).toMatch(/^US\$\s100,00$/);
    expect(await tile(page, 'visits').locator('.tile-label').textContent()).toBe('Visitas');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it("lead search and filters find the seeded leads; a lead's page shows its timeline and score breakdown", async ({ expect }) => {
    const { ctx, page, problems } = await openBoard();
    await page.getByRole('link', { name: 'Leads' }).click();
    const table = page.getByTestId('leads');
    // Every visitor is a lead row; the 5 who never identified are listed without a name or email.
    await expect.poll(() => table.locator('tbody tr').count()).toBe(11);
    expect(await table.getByRole('link', { name: '(no name or email)' }).count()).toBe(5);
    // A page at a time: 10, then "Load more" brings the 11th and the button goes (the last page).
    await page.getByLabel('Rows per page').selectOption('10');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(10);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(11);
    expect(await page.getByText('11 shown').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    expect(new Set(await table.locator('tbody tr th a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).size).toBe(11);
    await page.getByLabel('Who').selectOption('true');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(6);
    expect(await table.getByRole('link', { name: '(no name or email)' }).count()).toBe(0);
    await page.getByLabel('Who').selectOption('');
    await page.getByLabel('Stage').selectOption('SQL');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Campaign').fill('autumn-social');
    await page.getByLabel('Campaign').press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Email, name or tracking id').fill(SQL_VISITOR.id);
    await page.getByLabel('Email, name or tracking id').press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr td').first().textContent()).toBe('SQL');
    expect(await table.locator('tbody tr td').nth(2).textContent()).toBe('Paid search');
    expect(await table.locator('tbody tr td').nth(3).textContent()).toBe('spring-search');

    await table.getByRole('link', { name: `Person ${SQL_VISITOR.id}` }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`Person ${SQL_VISITOR.id}`) }).waitFor();
    // The focus moved to the new view's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.getByTestId('score').textContent()).toBe('60');
    const breakdown = await page.getByTestId('score-breakdown').locator('tbody th').allTextContents();
    expect(breakdown.sort()).toEqual(
      ['contact_shared', 'cta_clicked', 'demo_requested', 'product_interest', 'questionnaire_completed', 'session_opened'].sort(),
    );
    const timeline = page.getByTestId('timeline');
    expect(await timeline.textContent()).toContain('page_view');
    expect(await timeline.textContent()).toContain('track demo_requested');
    expect(await timeline.locator('li.kind-stage_change').count()).toBeGreaterThan(0);
    expect(await page.getByText(`${SQL_VISITOR.id}@board.example`).count()).toBeGreaterThan(0);
    // First and last touch as the tracker sent them.
    const firstTouch = page.locator('div:has(> h3:text-is("First touch")) > dl.pairs');
    expect(await firstTouch.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['utm_source', 'utm_campaign', 'landing_url']));
    expect(await firstTouch.textContent()).toContain('spring-search');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('axe-core finds no serious or critical violations on the dashboard and a lead page with data', async ({ expect }) => {
    const { ctx, page } = await openBoard();
    await expect.poll(() => tileValue(page, 'visits')).toBe('17');
    await page.getByTestId('breakdown').waitFor();
    await page.evaluate(axe.source);
    const audit = () =>
      page.evaluate(async () => {
        const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
        return r.violations
          .filter((v) => v.impact == 'serious' || v.impact == 'critical')
          .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
      });
    expect(await audit(), 'dashboard').toEqual([]);
    await page.getByRole('link', { name: 'Leads' }).click();
    await page.getByTestId('leads').locator('tbody a').first().click();
    await page.getByTestId('timeline').waitFor();
    expect(await audit(), 'lead').toEqual([]);
    await ctx.close();
  });
});
