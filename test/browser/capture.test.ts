/**
 * Issue 7 item 12: a submitted form's email, phone and name identify the visitor (both builds), and what
 * must stay in the page (passwords, payment, hidden and data-lt-ignore fields) never leaves it.
 */
import { expect, it } from 'vitest';
import { npm, tag } from './drivers';
import { type BrowserContext, LOCAL, type Page, humanContext, leadOf, recordEvents, rowsUntil, until, useBrowser } from './harness';
import { ready } from './scenarios';

useBrowser();

/** Every request body the context sends, to any URL (fetch, beacon, navigation). */
const bodies = (ctx: BrowserContext): string[] => {
  const all: string[] = [];
  ctx.on('request', (r) => all.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  return all;
};

/** Fills every field of the capture fixture's form. */
const fillSignup = async (page: Page): Promise<void> => {
  const values: Record<string, string> = {
    first_name: 'Ada',
    last_name: 'Lovelace',
    work_email: 'ada.capture@example.com',
    phone: '+44 20 7946 0000',
    password: 'pw-never-leaves-the-page',
    card: '4242424242424242',
    cardholder: 'Card Holder Name',
    iban: 'GB82WEST12345698765432',
    email_backup: 'ignored@example.com',
    notes: 'ignored-by-attribute',
  };
  for (const [name, value] of Object.entries(values)) await page.fill(`#signup [name=${name}]`, value);
  // The honeypot is not rendered: only a script (or a bot) can fill it.
  await page.$eval('#signup [name=website]', (i) => ((i as HTMLInputElement).value = 'honeypot-value'));
};

const SECRETS = [
  'pw-never-leaves-the-page',
  '4242424242424242',
  'Card Holder Name',
  'GB82WEST',
  'hidden-value-never-sent',
  'honeypot-value',
  'ignored@example.com',
  'ignored-by-attribute',
];

it("the demo form's email becomes the lead's email in local D1", async () => {
  const ctx = await humanContext();
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/?utm_source=newsletter&utm_medium=email&utm_campaign=capture`);
  const c = await ready(page, tag);
  await page.fill('#lead [name=name]', 'Grace Hopper');
  await page.fill('#lead [name=email]', 'grace.demo@example.com');
  await Promise.all([page.waitForURL(`${LOCAL}/thanks`), page.click('#lead button')]);
  const stored = await rowsUntil(c.tracking_id, (r) => r.some((x) => x.type == 'identify'), 'the identify event');
  expect(stored.find((x) => x.type == 'identify')!.event.traits).toMatchObject({ email: 'grace.demo@example.com', name: 'Grace Hopper' });
  expect(stored.every((x) => x.bot == 0)).toBe(true);
  const lead = await until(async () => (await leadOf(c.tracking_id))?.email && leadOf(c.tracking_id), 'the lead with its email');
  expect(lead).toMatchObject({ email: 'grace.demo@example.com', name: 'Grace Hopper' });
  await ctx.close();
});

it('only the email, phone and name fields are sent: no password, payment, hidden or ignored value leaves the page', async () => {
  const ctx = await humanContext();
  const all = bodies(ctx);
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/fixtures/capture.html`);
  const c = await ready(page, tag);
  await fillSignup(page);
  await page.click('#signup button');
  await page.waitForSelector('#done', { state: 'visible' });
  const stored = await rowsUntil(
    c.tracking_id,
    (r) => r.some((x) => x.type == 'identify') && r.some((x) => x.type == 'form_submit'),
    'identify and form_submit',
  );
  expect(stored.find((x) => x.type == 'identify')!.event.traits).toEqual({
    name: 'Ada Lovelace',
    email: 'ada.capture@example.com',
    phone: '+44 20 7946 0000',
  });
  const lead = await until(() => leadOf(c.tracking_id), 'the lead');
  // The raw event keeps what was typed; the lead holds the number in E.164 (core/phone.ts).
  expect(lead).toMatchObject({ email: 'ada.capture@example.com', phone: '+442079460000', name: 'Ada Lovelace' });
  expect(all.length).toBeGreaterThan(1);
  for (const secret of SECRETS)
    expect(
      all.filter((b) => b.includes(secret)),
      secret,
    ).toEqual([]);
  await ctx.close();
});

it('data-capture="off" sends form_submit but no identify', async () => {
  const ctx = await humanContext();
  const log = recordEvents(ctx);
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/fixtures/capture-off.html`);
  const c = await ready(page, tag);
  await fillSignup(page);
  await page.click('#signup button');
  await rowsUntil(c.tracking_id, (r) => r.some((x) => x.type == 'form_submit'), 'the form_submit event');
  await call(page, 'after_submit');
  await rowsUntil(c.tracking_id, (r) => r.some((x) => x.name == 'after_submit'), 'the event after the submit');
  expect(log.sent.filter((e) => e.type == 'identify')).toEqual([]);
  expect(await leadOf(c.tracking_id).then((l) => l?.email ?? null)).toBeNull();
  await ctx.close();
});

it("a tenant's capture_forms = false reaches the plain tag: no identify", async () => {
  const ctx = await humanContext();
  const log = recordEvents(ctx);
  const page = await ctx.newPage();
  await page.goto(`${LOCAL.replace('localhost', 'nocapture.localhost')}/fixtures/capture.html`);
  const c = await ready(page, tag);
  expect(await page.$eval('script[src="/lt.js"]', (s) => (s as HTMLScriptElement).dataset.capture)).toBe('off');
  await fillSignup(page);
  await page.click('#signup button');
  await rowsUntil(c.tracking_id, (r) => r.some((x) => x.type == 'form_submit'), 'the form_submit event');
  await call(page, 'after_submit');
  await rowsUntil(c.tracking_id, (r) => r.some((x) => x.name == 'after_submit'), 'the event after the submit');
  expect(log.sent.filter((e) => e.type == 'identify')).toEqual([]);
  await ctx.close();
});

it('without consent the form identifies nobody', async () => {
  const ctx = await humanContext();
  const log = recordEvents(ctx);
  const page = await ctx.newPage();
  await page.goto(`${LOCAL}/fixtures/capture.html`);
  const c = await ready(page, tag);
  await page.evaluate(() => (window as unknown as { leadtrail: { consent(c: string): void } }).leadtrail.consent('denied'));
  await fillSignup(page);
  await page.click('#signup button');
  await until(() => log.sent.some((e) => e.type == 'form_submit'), 'the form_submit event sent');
  expect(log.sent.filter((e) => e.type == 'identify')).toEqual([]);
  expect(c.tracking_id).toBeTruthy();
  await ctx.close();
});

it('npm build: the SPA contact form identifies the visitor; capture: false does not', async () => {
  for (const capture of [true, false]) {
    const ctx = await humanContext();
    if (!capture)
      await ctx.addInitScript(() => {
        (window as Window & { LT_SPA_OPTIONS?: object }).LT_SPA_OPTIONS = { capture: false };
      });
    const log = recordEvents(ctx);
    const page = await ctx.newPage();
    const { form } = await npm.lateForm(page, LOCAL, 'utm_campaign=spa_capture');
    const c = await ready(page, npm);
    await page.waitForSelector(form, { timeout: 5000 });
    await page.fill(`${form} input[type=email]`, `spa.${capture}@example.com`);
    await Promise.all([page.waitForURL(`${LOCAL}/spa/submit`), page.click(`${form} button`)]);
    await rowsUntil(c.tracking_id, (r) => r.some((x) => x.type == 'form_submit'), 'the form_submit event');
    if (capture) {
      const lead = await until(async () => (await leadOf(c.tracking_id))?.email, 'the lead email');
      expect(lead).toBe('spa.true@example.com');
    } else {
      expect(log.sent.filter((e) => e.type == 'identify')).toEqual([]);
    }
    await ctx.close();
  }
});

/** leadtrail.track(name) in the page (the tag's API). */
const call = (page: Page, name: string): Promise<unknown> =>
  page.evaluate((n) => (window as unknown as { leadtrail: { track(n: string): void } }).leadtrail.track(n), name);
