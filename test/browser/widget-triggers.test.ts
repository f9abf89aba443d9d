/**
 * The tenant's trigger opens the widget without a click (sdk/src/launcher.ts): after a delay, at a scroll depth,
 * on exit intent — once per browser session. Tenants in test/browser/trigger-tenants.ts.
 */
import { describe, it } from 'vitest';
import { LOCAL, type Page, newContext, until, useBrowser } from './harness';

useBrowser();

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Ana from Acme' });
const isOpen = async (page: Page): Promise<boolean> => (await dialog(page).count()) > 0;
const widgetRequests = (page: Page): string[] => {
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/lt-widget')) seen.push(request.url());
  });
  return seen;
};

describe.concurrent('widget triggers', () => {
  it('a delay trigger opens it after the configured seconds, and not again on the next page of the session', async ({ expect }) => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    await page.goto(`${LOCAL.replace('localhost', 'delay.localhost')}/fixtures/launcher.html`);
    await dialog(page).waitFor({ timeout: 15_000 });
    await page.goto(`${LOCAL.replace('localhost', 'delay.localhost')}/fixtures/launcher.html`);
    await page.getByRole('button', { name: 'Questions? Chat with us' }).waitFor();
    // The trigger's timer has had its second (and more): the launcher stays a launcher.
    await page.waitForTimeout(2_500);
    expect(await isOpen(page)).toBe(false);
    await ctx.close();
  });

  it('a scroll trigger opens it only once the visitor scrolled past the configured depth', async ({ expect }) => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    const loads = widgetRequests(page);
    await page.goto(`${LOCAL.replace('localhost', 'scroll.localhost')}/fixtures/long.html`);
    await page.getByRole('button', { name: 'Questions? Chat with us' }).waitFor();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight * 0.2));
    await page.waitForTimeout(500);
    expect(loads).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await dialog(page).waitFor({ timeout: 15_000 });
    expect(loads).toHaveLength(1);
    await ctx.close();
  });

  it('an exit-intent trigger opens it when the pointer leaves through the top of the window', async ({ expect }) => {
    const ctx = await newContext();
    const page = await ctx.newPage();
    const loads = widgetRequests(page);
    await page.goto(`${LOCAL.replace('localhost', 'exit.localhost')}/fixtures/launcher.html`);
    await page.getByRole('button', { name: 'Questions? Chat with us' }).waitFor();
    // Leaving sideways into the page is not an exit.
    await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientX: 10, clientY: 200, bubbles: true })));
    await page.waitForTimeout(300);
    expect(loads).toEqual([]);
    await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientX: 300, clientY: -2, bubbles: true })));
    await until(() => isOpen(page), 'the widget opened on exit intent', 15_000);
    expect(loads).toHaveLength(1);
    await ctx.close();
  });
});
