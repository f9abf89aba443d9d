/**
 * Issue 7 item 13: the demo site has no dead ends (every link, form, deep link and asset answers 2xx), and
 * its "what happened" view shows what the collector stored for the visitor.
 */
import { expect, it } from 'vitest';
import { tag } from './drivers';
import { type BrowserContext, LOCAL, LOOPBACK, type Page, humanContext, newContext, until, useBrowser } from './harness';
import { ready } from './scenarios';

useBrowser();

/** Every response the context gets from the local Worker (documents, scripts, styles, API), with its status. */
const answers = (ctx: BrowserContext): string[] => {
  const log: string[] = [];
  ctx.on('response', (r) => {
    if (r.url().startsWith(LOCAL) || r.url().startsWith(LOOPBACK)) log.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return log;
};
const failures = (log: string[]): string[] => log.filter((l) => !/^[23]\d\d /.test(l));

/** The page's links to the demo (either local hostname), without fragments. */
const links = (page: Page): Promise<string[]> =>
  page
    .$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    .then((hrefs) => hrefs.map((h) => h.replace(/#.*$/, '')).filter((h) => h.startsWith(LOCAL) || h.startsWith(LOOPBACK)));

/** Fills a form's inputs the way a visitor would, then submits it and waits for the page it leads to. */
const submit = async (page: Page, index: number): Promise<void> => {
  const form = page.locator('form').nth(index);
  for (const input of await form.locator('input:visible').all()) {
    const type = await input.getAttribute('type');
    await input.fill(type == 'email' ? 'walker@example.com' : type == 'tel' ? '+1 555 0100' : 'Walker');
  }
  const before = page.url();
  await form.locator('button').first().click();
  await page.waitForURL((u) => u.href != before);
  await page.waitForLoadState('load');
};

it('every page, link, form and SPA deep link of the demo answers 2xx', async () => {
  const ctx = await newContext();
  const log = answers(ctx);
  const page = await ctx.newPage();
  const seen = new Set<string>();
  const todo = [`${LOCAL}/`, `${LOCAL}/spa/pricing`, `${LOCAL}/spa/contact`];
  while (todo.length) {
    const url = todo.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await page.goto(url);
    expect(res?.status(), url).toBeLessThan(300);
    // 'load': demo.js and the SPA (a module) have run, so the rewritten links (the other domain) are final.
    await page.waitForLoadState('load');
    for (const link of await links(page)) if (!seen.has(link) && seen.size + todo.length < 40) todo.push(link);
    // Every form of the page (the SPA's contact form is rendered two seconds after its route).
    if (url.endsWith('/spa/contact')) await page.waitForSelector('#contact');
    const forms = await page.locator('form').count();
    for (let i = 0; i < forms; i++) {
      if (i) await page.goto(url);
      if (url.endsWith('/spa/contact')) await page.waitForSelector('#contact');
      await submit(page, i);
      expect(await page.locator('h1').textContent(), `the form ${i} of ${url}`).toContain('Thanks');
    }
  }
  // The walk reached every page of the site, both apps and both hostnames.
  for (const path of ['/', '/page2.html', '/spa/', '/what-happened.html'])
    expect(
      [...seen].some((u) => new URL(u).pathname.replace(/\.html$/, '') == path.replace(/\.html$/, '')),
      path,
    ).toBe(true);
  expect([...seen].some((u) => u.startsWith(LOOPBACK))).toBe(true);
  // A reload of a deep link is the app, not a 404.
  await page.goto(`${LOCAL}/spa/pricing`);
  await page.reload();
  expect(await page.locator('h1').textContent()).toBe('Plans');
  const icon = await ctx.request.get(`${LOCAL}/favicon.ico`);
  expect(icon.status()).toBe(200);
  expect(failures(log)).toEqual([]);
  expect(log.length).toBeGreaterThan(seen.size);
  await ctx.close();
});

it('/lt-widget.js answers a clear 404 until a widget exists', async () => {
  const ctx = await newContext();
  const res = await ctx.request.get(`${LOCAL}/lt-widget.js`);
  expect(res.status()).toBe(404);
  expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: 'not_found',
    message: 'no widget is configured for this tenant',
  });
  await ctx.close();
});

it("the 'what happened' page shows the visitor's stored page_view", async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/?utm_source=google&utm_medium=cpc&utm_campaign=what_happened&gclid=W1`);
  const c = await ready(page, tag);
  // Wait for the new page: evaluating #what mid-navigation throws instead of retrying.
  await Promise.all([page.waitForURL(/\/what-happened/), page.click('a[href="/what-happened.html"]')]);
  await page.waitForSelector('#what');
  await until(
    () => page.$eval('#what', (el, id) => el.textContent!.includes('page_view') && el.textContent!.includes(id), c.tracking_id),
    "the page_view in the 'what happened' view",
  );
  // The headless browser is a bot: the view says why there is no lead.
  expect(await page.textContent('#what')).toContain('flagged as a bot');
  // The context panel is readable: the tracking id and the touch, not raw JSON alone.
  expect(await page.textContent('#ctx')).toContain('paid_search');
  await ctx.close();
});

it('after the demo form, the thank-you page shows the lead with the typed email', async () => {
  const ctx = await humanContext();
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/?utm_source=newsletter&utm_medium=email&utm_campaign=thanks`);
  await ready(page, tag);
  await page.fill('#lead [name=name]', 'Katherine Johnson');
  await page.fill('#lead [name=email]', 'katherine.thanks@example.com');
  await Promise.all([page.waitForURL(`${LOCAL}/thanks`), page.click('#lead button')]);
  // What the form sent, hidden fields included.
  expect(await page.textContent('#sent')).toContain('lt_tracking_id');
  expect(await page.textContent('#sent')).toContain('katherine.thanks@example.com');
  await until(
    () => page.$eval('#what', (el) => el.textContent!.includes('katherine.thanks@example.com') && el.textContent!.includes('identify')),
    'the lead and its identify event in the view',
  );
  await ctx.close();
});
