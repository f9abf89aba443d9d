/**
 * GDPR deletion from the console's Privacy page: a person who became a lead through the real ingest path is
 * deleted by email after the confirmation step; their lead is gone from D1 and the audit lists the deletion
 * without the email. Cancel leaves everything as it was.
 */
import { beforeAll, describe, it } from 'vitest';
import { sendVisitors, type Visitor, visitorId } from './console-seed';
import { consoleToken } from './console-tenant';
import { LOCAL, humanContext, leadOf, newContext, until, useBrowser } from './harness';

useBrowser();

const PERSON: Visitor = {
  id: visitorId('gd'),
  campaign: 'privacy-test',
  source: 'google',
  medium: 'cpc',
  channel: 'paid_search',
  pages: 1,
  reach: 'lead',
};
const EMAIL = `${PERSON.id}@board.example`;

beforeAll(async () => {
  const ctx = await humanContext();
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/console`);
  await sendVisitors(page, [PERSON]);
  await until(async () => (await leadOf(PERSON.id))?.email == EMAIL, `the lead of ${EMAIL} in D1`);
  await ctx.close();
});

describe('deletion from the console', () => {
  it('deletes a person by email after a confirmation step; the audit lists it without the email', async ({ expect }) => {
    const ctx = await newContext({ viewport: { width: 1366, height: 768 } });
    await ctx.addInitScript((token) => sessionStorage.setItem('leadtrail.console.token', token), await consoleToken('demo'));
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${LOCAL}/console#/privacy`);
    const field = page.getByRole('textbox', { name: 'Email' });
    await field.fill(EMAIL);
    await page.getByRole('button', { name: 'Review deletion' }).click();
    const confirm = page.getByRole('group', { name: 'Confirm the deletion' });
    expect(await confirm.textContent()).toContain(EMAIL);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-labelledby'))).toBe('confirm-title');

    // Cancel: nothing is sent, the focus returns to the field.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('deletion-value');
    expect((await leadOf(PERSON.id))?.email).toBe(EMAIL);

    await page.getByRole('button', { name: 'Review deletion' }).click();
    await confirm.getByRole('button', { name: 'Delete permanently' }).click();
    await page.getByText('Deletion requested.').waitFor();
    await until(async () => (await leadOf(PERSON.id)) === undefined, `the lead of ${EMAIL} to be deleted`);
    const audit = page.locator('section', { has: page.getByRole('heading', { name: 'Deletion audit' }) });
    await expect.poll(() => audit.locator('tbody tr').count()).toBeGreaterThan(0);
    const newest = audit.locator('tbody tr').first();
    expect(await newest.textContent()).toContain('ana@agency.test'); // the token's sub
    expect(await newest.textContent()).toContain('Email');
    expect(await audit.textContent()).not.toContain(EMAIL);
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
