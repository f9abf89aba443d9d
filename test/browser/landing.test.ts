/** Issue 2's "Done when": open the landing page of the local Worker and find its page_view rows in local D1. */
import { expect, it } from 'vitest';
import { tag } from './drivers';
import { LOCAL, newContext, rowsUntil, useBrowser } from './harness';
import { ready } from './scenarios';

useBrowser();

it('http://localhost:PORT/ serves the landing page whose page_view reaches local D1', async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  const res = await page.goto(`${LOCAL}/`);
  expect(res!.status()).toBe(200);
  expect(await page.$('script[src="/lt.js"]')).not.toBeNull();
  const { tracking_id } = await ready(page, tag);
  const [view] = await rowsUntil(tracking_id, (r) => r.some((x) => x.type == 'page_view'), 'the page_view row');
  expect(view!.type).toBe('page_view');
  expect(view!.event.url).toBe(`${LOCAL}/`);
  // The collector's cookie carries the same id the script uses.
  const cookie = (await ctx.cookies()).find((c) => c.name == '_lt_id');
  expect(cookie?.value).toBe(tracking_id);
  await ctx.close();
});
