/** Issue 3's scenarios for the npm build (@leadtrail/sdk bundled into examples/spa by esbuild). */
import { expect, it } from 'vitest';
import { npm } from './drivers';
import { LOCAL, newContext, rowsUntil, useBrowser } from './harness';
import { ready, scenarios } from './scenarios';

useBrowser();
scenarios(npm);

it('calls made before init() are replayed by it', async () => {
  const ctx = await newContext();
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/spa/`);
  const c = await ready(page, npm);
  const stored = await rowsUntil(c.tracking_id, (r) => r.some((x) => x.name == 'app_boot'), 'the app_boot event');
  expect(stored.find((x) => x.name == 'app_boot')!.event).toMatchObject({ props: { build: 'npm' } });
  await ctx.close();
});
