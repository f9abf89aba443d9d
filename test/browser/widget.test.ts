/**
 * The questionnaire widget (dist/public/lt-widget.js) on the widget tenant (test/browser/widget-tenant.ts),
 * loaded beside the tag on examples/landing/widget.html and its fixtures. Assertions are on what the visitor
 * sees (roles and names, read through the open shadow root), what went over the network, and the rows in D1.
 */
import axe from 'axe-core';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bucket } from '../../widget/src/variant';
import {
  type BrowserContext,
  LOCAL,
  type Page,
  type Row,
  type SentEvent,
  newContext,
  recordEvents,
  rowsUntil,
  until,
  useBrowser,
} from './harness';

useBrowser();

const ORIGIN = LOCAL.replace('localhost', 'widget.localhost');
type Props = Record<string, string | number | boolean | null>;
const propsOf = (e: SentEvent | Row): Props => (('event' in e ? e.event : e) as SentEvent & { props?: Props }).props ?? {};

/** A fresh tracking id the tracker adopts from its cookie, in variant "a" or "b" (weights 50/50). */
const visitorIn = (variant: 'a' | 'b'): string => {
  for (;;) {
    const id = 'wt' + crypto.randomUUID().replace(/-/g, '');
    if (bucket(id) < 50 == (variant == 'b')) return id;
  }
};

/** A page of the widget tenant with a known visitor; fails the test on any error thrown into the page. */
const visit = async (
  path = '/widget.html',
  variant: 'a' | 'b' = 'a',
): Promise<{ ctx: BrowserContext; page: Page; id: string; errors: Error[] }> => {
  const ctx = await newContext();
  const id = visitorIn(variant);
  await ctx.addCookies([{ name: '_lt_id', value: id, domain: 'widget.localhost', path: '/' }]);
  // The call to action leaves for another site: answer it locally.
  await ctx.route('https://example.com/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>demo</title>' }));
  const page = await ctx.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(ORIGIN + path);
  return { ctx, page, id, errors };
};

const launcher = (page: Page) => page.getByRole('button', { name: 'Questions? Chat with us' });
const dialog = (page: Page) => page.getByRole('dialog', { name: 'Ana from Acme' });
const next = (page: Page) => dialog(page).getByRole('button', { name: 'Next' });

const open = async (page: Page): Promise<void> => {
  await launcher(page).click();
  await dialog(page).waitFor();
};

/** Tracked widget events of one visitor once `last` is stored: [name, props] in order. */
const stored = async (id: string, last: string): Promise<[string, Props][]> =>
  (await rowsUntil(id, (r) => r.some((x) => x.name == last), `${last} in D1`))
    .filter((r) => r.type == 'track' || r.type == 'identify')
    .map((r) => [r.name ?? r.type, r.type == 'identify' ? (r.event.traits as Props) : propsOf(r)]);

describe.concurrent('questionnaire widget', () => {
  it('a full questionnaire with branching sends every scoring event, with its props and variant, to D1', async ({ expect }) => {
    const { ctx, page, id, errors } = await visit();
    await open(page);
    const log = dialog(page).getByRole('log');
    await expect.poll(() => log.textContent()).toContain('How big is your team?');
    await dialog(page).getByRole('radio', { name: '11-200' }).check();
    await next(page).click();
    // "mid" has no next of its own: it falls through to the following question.
    await dialog(page).getByRole('checkbox', { name: 'Attribution' }).check();
    await dialog(page).getByRole('checkbox', { name: 'Live chat' }).check();
    expect(await dialog(page).getByText('1 of 5').count()).toBe(1);
    await next(page).click();
    await dialog(page).getByRole('textbox', { name: 'A phone number for a quick call?' }).fill('+55 11 91234-5678');
    await next(page).click();
    await dialog(page).getByRole('textbox', { name: 'Where can we reach you?' }).fill('visitor@example.com');
    await next(page).click();
    await dialog(page).getByRole('checkbox', { name: 'I agree to be contacted about my request.' }).check();
    await next(page).click();
    await expect.poll(() => log.textContent()).toContain("Thanks! We'll be in touch shortly.");
    const popup = ctx.waitForEvent('page');
    await dialog(page).getByRole('link', { name: 'Book a demo' }).click();
    await popup;

    const events = await stored(id, 'demo_requested');
    expect(events.map(([n]) => n)).toEqual([
      'widget_opened',
      'question_answered',
      'widget_replied',
      'question_answered',
      'product_interest',
      'question_answered',
      'identify',
      'contact_shared',
      'question_answered',
      'identify',
      'contact_shared',
      'question_answered',
      'questionnaire_completed',
      'cta_clicked',
      'demo_requested',
    ]);
    const answers = events.filter(([n]) => n == 'question_answered').map(([, p]) => p);
    expect(answers.map((p) => [p.question_id, p.value])).toEqual([
      ['size', 'mid'],
      ['interest', 'attribution,chat'],
      ['phone', '+55 11 91234-5678'],
      ['email', 'visitor@example.com'],
      ['consent', 'yes'],
    ]);
    for (const p of answers) expect(p.reply_ms).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(answers)).not.toContain('points'); // the server scores answers from the tenant config
    for (const [n, p] of events) if (n != 'identify') expect(p.variant, n).toBe('a');
    expect(events.filter(([n]) => n == 'identify').map(([, t]) => t)).toEqual([
      { phone: '+55 11 91234-5678' },
      { email: 'visitor@example.com' },
    ]);
    expect(Object.fromEntries(events.filter(([n]) => n != 'question_answered' && n != 'identify'))).toMatchObject({
      widget_opened: { via: 'click' },
      product_interest: { question_id: 'interest', value: 'attribution' },
      contact_shared: { kind: 'email' },
      questionnaire_completed: { answered: 5 },
      cta_clicked: { kind: 'book_demo' },
      demo_requested: { via: 'cta' },
    });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the other branch skips the questions it does not lead to', async ({ expect }) => {
    const { ctx, page, id } = await visit();
    await open(page);
    await dialog(page).getByRole('radio', { name: '1-10' }).check();
    await next(page).click();
    await dialog(page).getByRole('textbox', { name: 'Where can we reach you?' }).fill('small@example.com');
    await next(page).click();
    await dialog(page).getByRole('checkbox', { name: 'I agree to be contacted about my request.' }).check();
    await next(page).click();
    const events = await stored(id, 'questionnaire_completed');
    expect(events.filter(([n]) => n == 'question_answered').map(([, p]) => p.question_id)).toEqual(['size', 'email', 'consent']);
    expect(Object.fromEntries(events)).toMatchObject({ questionnaire_completed: { answered: 3 } });
    await ctx.close();
  });

  it('a missing answer, an invalid phone and an invalid email show inline errors, and nothing invalid is sent', async ({ expect }) => {
    const { ctx, page, id, errors } = await visit();
    const net = recordEvents(ctx);
    await open(page);
    await next(page).click();
    await expect.poll(() => dialog(page).getByRole('alert').textContent()).toContain('Please answer this question.');
    await dialog(page).getByRole('radio', { name: '11-200' }).check();
    await next(page).click();
    await dialog(page).getByRole('checkbox', { name: 'Live chat' }).check();
    await next(page).click();
    const phone = dialog(page).getByRole('textbox', { name: 'A phone number for a quick call?' });
    for (const bad of ['call me maybe', '12 34', '+55 11 9abc-5678']) {
      await phone.fill(bad);
      await next(page).click();
      await expect.poll(() => dialog(page).getByRole('alert').textContent()).toContain('valid phone number');
      expect(await phone.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.evaluate(() => document.getElementById('lt-widget')!.shadowRoot!.activeElement?.id)).toBe('lt-in');
    }
    await phone.fill('+1 (555) 123-4567');
    await next(page).click();
    const email = dialog(page).getByRole('textbox', { name: 'Where can we reach you?' });
    for (const bad of ['not-an-email', 'a@b', 'x@@example.com']) {
      await email.fill(bad);
      await next(page).click();
      await expect.poll(() => dialog(page).getByRole('alert').textContent()).toContain('valid email address');
    }
    await email.fill('ok@example.com');
    await next(page).click();
    await dialog(page).getByRole('checkbox', { name: 'I agree to be contacted about my request.' }).waitFor();

    const events = await stored(id, 'contact_shared');
    await until(() => net.sent.some((e) => propsOf(e).value == 'ok@example.com'), 'the email answer sent');
    // Events leave in order: an invalid answer sent before the valid one would be here.
    const answered = net.sent.filter((e) => e.name == 'question_answered').map((e) => [propsOf(e).question_id, propsOf(e).value]);
    expect(answered).toEqual([
      ['size', 'mid'],
      ['interest', 'chat'],
      ['phone', '+1 (555) 123-4567'],
      ['email', 'ok@example.com'],
    ]);
    expect(net.sent.filter((e) => e.type == 'identify').map((e) => e.traits)).toEqual([
      { phone: '+1 (555) 123-4567' },
      { email: 'ok@example.com' },
    ]);
    expect(events.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('can be completed with the keyboard alone; focus is trapped while open and Escape closes it', async ({ expect }) => {
    const { ctx, page, id } = await visit();
    // The focused element inside the launcher of lt.js or the widget: its class, else its tag name.
    const inWidget = (): Promise<string | undefined> =>
      page.evaluate(() => {
        const host = document.activeElement;
        const a = host && ['lt-widget', 'lt-launcher'].includes(host.id) ? host.shadowRoot!.activeElement : null;
        return a ? `${host!.id}:${a.className || a.tagName.toLowerCase()}` : undefined;
      });
    await launcher(page).waitFor();
    for (let i = 0; i < 10 && (await inWidget()) != 'lt-launcher:button'; i++) await page.keyboard.press('Tab');
    expect(await inWidget()).toBe('lt-launcher:button');
    await page.keyboard.press('Enter');
    await dialog(page).waitFor();
    await expect.poll(inWidget).toBe('lt-widget:input'); // the first option
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(inWidget).toBe('lt-widget:in'); // the email field: "small" leads there
    await page.keyboard.type('keys@example.com');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        dialog(page)
          .getByRole('checkbox', { name: /I agree/ })
          .count(),
      )
      .toBe(1);
    await expect.poll(inWidget).toBe('lt-widget:input');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(inWidget).toBe('lt-widget:b'); // the call to action
    const inDialog = (): Promise<boolean> =>
      page.evaluate(() => {
        const root = document.getElementById('lt-widget')!.shadowRoot!;
        return !!root.activeElement && root.querySelector('[role=dialog]')!.contains(root.activeElement);
      });
    for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
      await page.keyboard.press(key);
      expect(await inDialog(), `focus left the dialog on ${key}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog(page).count()).toBe(0);
    await expect.poll(inWidget).toBe('lt-widget:b launch');
    const events = await stored(id, 'questionnaire_completed');
    expect(events.filter(([n]) => n == 'question_answered').map(([, p]) => p.value)).toEqual(['small', 'keys@example.com', 'yes']);
    await ctx.close();
  });

  it('axe-core finds no serious or critical violations, open, with an error, and at the end', async ({ expect }) => {
    const { ctx, page } = await visit();
    await open(page);
    await expect.poll(() => dialog(page).getByRole('log').getAttribute('aria-live')).toBe('polite');
    await page.addScriptTag({ content: axe.source });
    const audit = async (when: string): Promise<void> => {
      const found = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
        // The widget's nodes only (a node in a shadow tree is targeted as [[host, selector]]): the page is not ours.
        return r.violations
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.map((n) => JSON.stringify(n.target)).filter((t) => t.startsWith('[["#lt-widget"')),
          }))
          .filter((v) => v.nodes.length > 0);
      });
      expect(
        found.filter((v) => v.impact == 'serious' || v.impact == 'critical'),
        when,
      ).toEqual([]);
    };
    await audit('first question');
    await next(page).click();
    await dialog(page).getByRole('alert').waitFor();
    await audit('with a validation error');
    await dialog(page).getByRole('radio', { name: '1-10' }).check();
    await next(page).click();
    await dialog(page).getByRole('textbox', { name: 'Where can we reach you?' }).waitFor();
    await audit('at a text field');
    await dialog(page).getByRole('textbox', { name: 'Where can we reach you?' }).fill('axe@example.com');
    await next(page).click();
    await dialog(page)
      .getByRole('checkbox', { name: /I agree/ })
      .check();
    await next(page).click();
    await dialog(page).getByRole('link', { name: 'Book a demo' }).waitFor();
    await audit('at the end');
    await ctx.close();
  });
});

/** Computed styles of the widget's parts and of page elements, to compare across pages. */
const PROPS = [
  'color',
  'background-color',
  'font-family',
  'font-size',
  'letter-spacing',
  'display',
  'position',
  'border-top-width',
  'padding-top',
];
const widgetStyles = (page: Page): Promise<Record<string, string[]>> =>
  page.evaluate((props) => {
    const root = document.getElementById('lt-widget')!.shadowRoot!;
    const out: Record<string, string[]> = {};
    for (const sel of ['.w', '.panel', '.hd h2', '.log p', 'label', 'form .b', '.x', 'progress']) {
      const el = root.querySelector(sel);
      out[sel] = el ? props.map((p) => getComputedStyle(el).getPropertyValue(p)) : ['missing'];
    }
    return out;
  }, PROPS);
const pageStyles = (page: Page): Promise<string[][]> =>
  page.evaluate(
    (props) =>
      ['#probe', '#open', 'h1', 'body'].map((sel) => props.map((p) => getComputedStyle(document.querySelector(sel)!).getPropertyValue(p))),
    PROPS,
  );

describe.concurrent('widget isolation', () => {
  it('a hostile host stylesheet changes nothing inside, and the widget changes nothing outside', async ({ expect }) => {
    const plain = await visit();
    await open(plain.page);
    const reference = await widgetStyles(plain.page);
    expect(reference['.panel']).not.toEqual(['missing']);
    await plain.ctx.close();

    // The hostile page without the widget (its bundle refused), then with it.
    const bare = await newContext();
    await bare.route('**/lt-widget.js', (route) => route.abort());
    const barePage = await bare.newPage();
    await barePage.goto(ORIGIN + '/fixtures/widget-hostile.html');
    await barePage.waitForFunction(() => 'leadtrail' in window);
    const outside = await pageStyles(barePage);
    expect(outside[0]![0]).toBe('rgb(255, 0, 0)'); // the hostile sheet is in force
    await bare.close();

    const hostile = await visit('/fixtures/widget-hostile.html');
    await open(hostile.page);
    expect(await widgetStyles(hostile.page)).toEqual(reference);
    expect(await dialog(hostile.page).boundingBox()).not.toBeNull(); // `#lt-widget { display: none !important }` lost
    expect(await pageStyles(hostile.page)).toEqual(outside);
    expect(await hostile.page.evaluate(() => [document.styleSheets.length, document.adoptedStyleSheets.length])).toEqual([1, 0]);
    expect(hostile.errors).toEqual([]);
    await hostile.ctx.close();
  });

  it("works on a page whose Content-Security-Policy allows no inline script or style (script-src 'self'; style-src 'self')", async ({
    expect,
  }) => {
    const ctx = await newContext();
    await ctx.addInitScript(() => {
      const seen: string[] = ((window as unknown as { violations: string[] }).violations = []);
      addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const id = visitorIn('a');
    await ctx.addCookies([{ name: '_lt_id', value: id, domain: 'widget.localhost', path: '/' }]);
    const page = await ctx.newPage();
    await page.goto(ORIGIN + '/fixtures/widget-csp.html');
    // The policy is in force: an inline style is refused on this page.
    await page.evaluate(() => {
      const css = document.createElement('style');
      css.textContent = '#probe{color:red}';
      document.head.append(css);
    });
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { violations: string[] }).violations))
      .toEqual(['style-src-elem inline']);
    await page.getByRole('button', { name: 'Open', exact: true }).click(); // the page's button → leadtrail.openWidget()
    await dialog(page).waitFor();
    const header = await page.evaluate(
      () => getComputedStyle(document.getElementById('lt-widget')!.shadowRoot!.querySelector('.hd')!).backgroundColor,
    );
    expect(header).toBe('rgb(31, 79, 209)'); // the theme's primary: the constructable stylesheet applied
    await dialog(page).getByRole('radio', { name: '1-10' }).check();
    await next(page).click();
    const events = await stored(id, 'question_answered');
    expect(Object.fromEntries(events)).toMatchObject({
      widget_opened: { via: 'api' },
      question_answered: { question_id: 'size', value: 'small' },
    });
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toHaveLength(1); // only ours
    await ctx.close();
  });
});

describe.concurrent('A/B variants', () => {
  for (const variant of ['a', 'b'] as const)
    it(`a visitor in variant "${variant}" sees it on every load and every event says so`, async ({ expect }) => {
      const { ctx, page, id } = await visit('/widget.html', variant);
      const greeting = variant == 'b' ? 'Hello! Variant b asks first.' : 'Hi! A few quick questions';
      const question = variant == 'b' ? 'What is the size of your team?' : 'How big is your team?';
      for (let load = 0; load < 2; load++) {
        if (load) await page.reload();
        await open(page);
        await expect.poll(() => dialog(page).getByRole('log').textContent()).toContain(greeting);
        expect(await dialog(page).getByRole('log').textContent()).toContain(question);
      }
      const opened = await rowsUntil(id, (r) => r.filter((x) => x.name == 'widget_opened').length == 2, 'two widget_opened');
      expect(opened.filter((x) => x.name == 'widget_opened').map((x) => propsOf(x).variant)).toEqual([variant, variant]);
      await ctx.close();
    });
});

describe.concurrent('launcher (the /lt.js of a tenant with a widget)', () => {
  /** Every response a page gets until `until` resolves: URL and body size gzip -9 (what a CDN would send). */
  const loadOnly = async (url: string): Promise<{ ctx: BrowserContext; page: Page; got: Map<string, number> }> => {
    const ctx = await newContext();
    const got = new Map<string, number>();
    ctx.on('response', (r) => {
      void r.body().then(
        (b) => got.set(new URL(r.url()).pathname + new URL(r.url()).search, gzipSync(b, { level: 9 }).length),
        () => {},
      );
    });
    const page = await ctx.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as { leadtrail?: { context?: unknown } }).leadtrail?.context == 'function');
    await until(() => [...got.keys()].some((k) => k == '/v1/events'), 'the first batch');
    return { ctx, page, got };
  };

  it('adds at most 1 KB to the page until opened (measured on the wire), then loads the widget on click', async ({ expect }) => {
    const without = await loadOnly(LOCAL + '/fixtures/launcher'); // the demo tenant: no widget
    const withWidget = await loadOnly(ORIGIN + '/fixtures/launcher');
    const paths = (m: Map<string, number>) => [...m.keys()].filter((k) => k != '/favicon.ico').sort();
    expect(paths(without.got)).toEqual(['/fixtures/launcher', '/lt.js', '/v1/events']);
    expect(paths(withWidget.got)).toEqual(paths(without.got)); // no widget, no config before opening
    const added = withWidget.got.get('/lt.js')! - without.got.get('/lt.js')!;
    expect(added, `the launcher added ${added} B gzip`).toBeGreaterThan(0);
    expect(added, `the launcher added ${added} B gzip`).toBeLessThanOrEqual(1024);
    expect(await without.page.locator('#lt-launcher').count()).toBe(0);
    await without.ctx.close();

    await launcher(withWidget.page).click();
    await dialog(withWidget.page).waitFor();
    const loaded = [...withWidget.got.keys()];
    expect(loaded.find((k) => k.startsWith('/lt-widget.js'))).toMatch(/^\/lt-widget\.js\?v=[0-9a-f]{16}$/);
    expect(loaded).toContain('/v1/config');
    expect(await withWidget.page.locator('#lt-launcher').count()).toBe(0); // the widget took over
    await withWidget.ctx.close();
  });

  it('a failed widget load leaves the launcher, which tries again on the next click', async ({ expect }) => {
    const ctx = await newContext();
    let refused = 0;
    await ctx.route('**/lt-widget.js*', (route) => (refused++ ? route.continue() : route.abort()));
    const page = await ctx.newPage();
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(ORIGIN + '/fixtures/launcher.html');
    await launcher(page).click();
    await until(() => refused == 1, 'the refused load');
    expect(await dialog(page).count()).toBe(0);
    await launcher(page).click();
    await dialog(page).waitFor();
    expect(refused).toBe(2);
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
