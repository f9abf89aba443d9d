/**
 * Issue 3's scenarios, defined once and run for each build (tag.test.ts, npm.test.ts). Every assertion
 * is on real data: the context in the page, what went over the network, and the rows in local D1.
 */
import { describe, expect, it } from 'vitest';
import { type Answer, collectorProxy } from './collector-proxy';
import type { Driver } from './drivers';
import { type BrowserContext, type Context, LOCAL, LOOPBACK, type Page, newContext, recordEvents, rows, rowsUntil, until } from './harness';

type Api = Record<string, (...a: unknown[]) => unknown>;

export const call = (page: Page, d: Driver, method: string, ...args: unknown[]): Promise<unknown> =>
  page.evaluate(([g, m, a]) => (window as unknown as Record<string, Api>)[g as string]![m as string]!(...(a as unknown[])), [
    d.api,
    method,
    args,
  ] as const);

/** Waits for the API, then returns context(). */
export const ready = async (page: Page, d: Driver): Promise<Context> => {
  await page.waitForFunction((g) => typeof (window as unknown as Record<string, Api>)[g]?.context == 'function', d.api);
  return (await call(page, d, 'context')) as Context;
};

const persisted = async (ctx: BrowserContext, page: Page): Promise<string[]> => [
  ...(await ctx.cookies()).filter((c) => c.name.startsWith('_lt')).map((c) => `cookie ${c.name}@${c.domain}`),
  ...(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('_lt')))).map((k) => `ls ${k}`),
];

/** The signature of the cross-domain parameter (same algorithm as sdk/src/core.ts), to forge stale ones. */
const sig = (d: string, ua: string): string => {
  let h = 5381;
  for (const c of d + ua) h = Math.imul(h, 33) ^ c.charCodeAt(0);
  return (h >>> 0).toString(36);
};

/** Every page of the context calls `track(name)` from its own pagehide listener, registered before the tracker's. */
const trackOnPagehide = async (ctx: BrowserContext, d: Driver, name: string): Promise<void> => {
  await ctx.addInitScript(
    ([g, n]) => addEventListener('pagehide', () => (window as unknown as Record<string, Api | undefined>)[g!]?.track!(n)),
    [d.api, name] as const,
  );
};

/** Leaves for about:blank, a page without the tracker: only what was sent on the way out can arrive. */
const leaveAfter = async (page: Page, d: Driver, name: string): Promise<void> => {
  await call(page, d, 'track', name);
  await page.goto('about:blank');
};

export const scenarios = (d: Driver): void => {
  describe.concurrent(`${d.kind} build`, () => {
    it('landing with UTMs and a gclid, then a second page: same id, first touch kept, stored in D1', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL, 'utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_id=42&gclid=G-1'));
      const c1 = await ready(page, d);
      expect(c1.tracking_id).toMatch(/^[\w-]{8,64}$/);
      expect(c1.first_touch).toMatchObject({
        channel: 'paid_search',
        utm_source: 'google',
        utm_campaign: 'spring',
        utm_id: '42',
        click_ids: { gclid: 'G-1' },
      });
      // Every key of a touch is present, null where absent.
      expect(c1.first_touch).toHaveProperty('utm_term', null);
      expect(c1.first_touch).toHaveProperty('referrer', null);
      await page.goto(d.second(LOCAL));
      const c2 = await ready(page, d);
      expect(c2.tracking_id).toBe(c1.tracking_id);
      expect(c2.first_touch).toEqual(c1.first_touch);
      expect(c2.last_touch).toEqual(c1.first_touch);
      const stored = await rowsUntil(c1.tracking_id, (r) => r.filter((x) => x.type == 'page_view').length >= 2, '2 page views');
      const views = stored.filter((x) => x.type == 'page_view');
      expect(views[1]!.event.url).not.toContain('utm_');
      expect(views[1]!.event.first_touch?.utm_campaign).toBe('spring');
      expect(views[1]!.event.first_touch?.click_ids.gclid).toBe('G-1');
      // navigator.webdriver is set under automation: flagged, still stored.
      expect(views[0]!.bot).toBe(1);
      await ctx.close();
    });

    it('a return visit from a new campaign moves the last touch; a direct visit does not; a referral does', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL, 'utm_source=facebook&utm_medium=paid_social&utm_campaign=first'));
      const c1 = await ready(page, d);
      expect(c1.first_touch?.channel).toBe('paid_social');
      await page.goto(d.landing(LOCAL, 'utm_source=newsletter&utm_medium=email&utm_campaign=second'));
      const c2 = await ready(page, d);
      expect(c2.tracking_id).toBe(c1.tracking_id);
      expect(c2.first_touch?.utm_campaign).toBe('first');
      expect(c2.last_touch).toMatchObject({ utm_campaign: 'second', channel: 'email' });
      // Direct (typed URL, no referrer): last touch unchanged, no new touch.
      await page.goto(d.landing(LOCAL));
      const c3 = await ready(page, d);
      expect(c3.last_touch?.utm_campaign).toBe('second');
      expect(c3.touches).toHaveLength(2);
      // A new external referral overrides; a search engine referrer is organic.
      await page.goto(d.landing(LOCAL), { referer: 'https://www.google.com/' });
      const c4 = await ready(page, d);
      expect(c4.last_touch).toMatchObject({ channel: 'organic_search', referrer: 'https://www.google.com/', utm_campaign: null });
      expect(c4.first_touch?.utm_campaign).toBe('first');
      expect(c4.touches.map((t) => t.channel)).toEqual(['paid_social', 'email', 'organic_search']);
      const stored = await rowsUntil(c1.tracking_id, (r) => r.filter((x) => x.type == 'page_view').length >= 4, '4 page views');
      const last = stored.filter((x) => x.type == 'page_view').at(-1)!;
      expect(last.event.first_touch?.utm_campaign).toBe('first');
      expect(last.event.last_touch?.channel).toBe('organic_search');
      expect(last.event.referrer).toBe('https://www.google.com/');
      await ctx.close();
    });

    it('the id in a cookie the collector set is adopted', async () => {
      const ctx = await newContext();
      await ctx.addCookies([{ name: '_lt_id', value: 'set-by-collector-42', url: LOCAL }]);
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL));
      expect((await ready(page, d)).tracking_id).toBe('set-by-collector-42');
      await rowsUntil('set-by-collector-42', (r) => r.some((x) => x.type == 'page_view'), 'its page view');
      await ctx.close();
    });

    it('a page whose own code strips the query string at once still records it', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.strip(LOCAL, 'utm_source=linkedin&utm_campaign=stripped&li_fat_id=L1'));
      const c = await ready(page, d);
      expect(new URL(page.url()).search).toBe('');
      expect(c.first_touch).toMatchObject({ utm_campaign: 'stripped', channel: 'paid_social', click_ids: { li_fat_id: 'L1' } });
      const [view] = await rowsUntil(c.tracking_id, (r) => r.length > 0, 'the page view');
      expect(view!.event.first_touch?.utm_campaign).toBe('stripped');
      await ctx.close();
    });

    it('SPA navigation: one page_view per real route change, back/forward included', async () => {
      const ctx = await newContext();
      const log = recordEvents(ctx);
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL));
      const { tracking_id } = await ready(page, d);
      const [a, b] = d.paths;
      // Each step waits for the page views it should cause to go out, so steps never coalesce.
      const views = (n: number) =>
        until(
          () => log.sent.filter((e) => e.type == 'page_view').length >= n,
          () => `${n} page views sent: ${JSON.stringify(log.sent.map((e) => e.url))}`,
        );
      await views(1);
      await d.push(page, a); // view 2
      await views(2);
      await d.push(page, a); // same path: none
      await page.evaluate((p) => history.replaceState(null, '', p + '?tab=2'), a); // query only: none
      await page.evaluate(() => (location.hash = 'section')); // in-page anchor: none
      await page.evaluate(() => (location.hash = '/hash-route')); // hash route: view 3
      await views(3);
      await d.push(page, b); // view 4
      await views(4);
      await page.goBack(); // back to a#/hash-route: view 5
      await views(5);
      await page.goForward(); // b again: view 6
      await views(6);
      const stored = await rowsUntil(tracking_id, (r) => r.filter((x) => x.type == 'page_view').length >= 6, '6 page views');
      const paths = stored.filter((x) => x.type == 'page_view').map((x) => new URL(x.event.url!).pathname + new URL(x.event.url!).hash);
      expect(paths.slice(1)).toEqual([a, `${a}#/hash-route`, b, `${a}#/hash-route`, b]);
      // Nothing more was sent.
      await new Promise((r) => setTimeout(r, 800));
      expect(log.sent.filter((e) => e.type == 'page_view')).toHaveLength(6);
      await ctx.close();
    });

    it('hidden fields appear in a form rendered two seconds later and reach its POST', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      let posted = '';
      const { form, action } = await d.lateForm(page, LOCAL, 'utm_source=bing&utm_medium=cpc&utm_campaign=late&msclkid=M1');
      await page.route(`**${action}`, async (route) => {
        posted = route.request().postData() || '';
        await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>ok</p>' });
      });
      const c = await ready(page, d);
      await page.waitForSelector(form, { timeout: 5000 });
      await until(() => page.$eval(`${form} [name=lt_tracking_id]`, (i) => (i as HTMLInputElement).value).catch(() => ''), 'hidden field');
      await page.fill(`${form} input[type=email]`, 'late@example.com');
      await Promise.all([page.waitForURL(`**${action}`), page.click(`${form} button`)]);
      const p = new URLSearchParams(posted);
      expect(p.get('lt_tracking_id')).toBe(c.tracking_id);
      expect(JSON.parse(p.get('lt_first_touch')!)).toMatchObject({ utm_campaign: 'late', channel: 'paid_search' });
      expect(JSON.parse(p.get('lt_last_touch')!).click_ids).toEqual({ msclkid: 'M1' });
      await rowsUntil(c.tracking_id, (r) => r.some((x) => x.type == 'form_submit'), 'the form_submit event');
      await ctx.close();
    });

    it('cross-domain hand-off between two hostnames adopts the id; stale or tampered parameters are ignored', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL, 'utm_source=partner&utm_campaign=xd'));
      const a = await ready(page, d);
      await page.click('#other');
      await page.waitForURL(`${LOOPBACK}/**`);
      const b = await ready(page, d);
      expect(b.tracking_id).toBe(a.tracking_id);
      expect(b.first_touch?.utm_campaign).toBe('xd');
      expect(page.url()).not.toContain('_lt=');
      // A decorated link, then edited: refused (new visitor), and still removed from the address bar.
      const fresh = await newContext();
      const p2 = await fresh.newPage();
      await page.goto(d.landing(LOOPBACK));
      await ready(page, d);
      await page.dispatchEvent('#other', 'mousedown');
      const href = await page.$eval('#other', (el) => (el as HTMLAnchorElement).href);
      const u = new URL(href);
      const param = u.searchParams.get('_lt')!;
      expect(param).toContain(a.tracking_id);
      u.searchParams.set('_lt', param.replace(a.tracking_id, 'attacker-chosen-id'));
      await p2.goto(u.href);
      const t = await ready(p2, d);
      expect(t.tracking_id).not.toBe(a.tracking_id);
      expect(t.tracking_id).not.toBe('attacker-chosen-id');
      expect(p2.url()).not.toContain('_lt=');
      // Correctly signed but ten minutes old: refused.
      const ua = await p2.evaluate(() => navigator.userAgent);
      const data = JSON.stringify([a.tracking_id, a.session_id, Date.now() - 6e5, a.first_touch, a.last_touch]);
      u.searchParams.set('_lt', sig(data, ua) + '.' + data);
      const stale = await newContext();
      const p3 = await stale.newPage();
      await p3.goto(u.href);
      expect((await ready(p3, d)).tracking_id).not.toBe(a.tracking_id);
      // …and the same, fresh, is accepted (the forged-stale check above is meaningful).
      const okData = JSON.stringify([a.tracking_id, a.session_id, Date.now(), a.first_touch, a.last_touch]);
      u.searchParams.set('_lt', sig(okData, ua) + '.' + okData);
      const p4 = await (await newContext()).newPage();
      await p4.goto(u.href);
      expect((await ready(p4, d)).tracking_id).toBe(a.tracking_id);
      await Promise.all([ctx.close(), fresh.close(), stale.close(), p4.context().close()]);
    });

    it('consent pending keeps nothing persistent until granted; denied removes identifiers', async () => {
      const ctx = await newContext();
      const log = recordEvents(ctx);
      const page = await ctx.newPage();
      const wire: string[] = [];
      ctx.on('requestfinished', (r) => {
        if (r.url().endsWith('/v1/events'))
          void r
            .response()
            .then((x) =>
              wire.push(`${Date.now() % 1e5} ${r.postData()?.slice(0, 40)} → ${x?.status()} ${x?.headers()['set-cookie'] ?? ''}`),
            );
      });
      await page.goto(await d.pending(ctx, LOCAL, 'utm_campaign=pending'));
      const c = await ready(page, d);
      await until(() => log.accepted.some((e) => e.type == 'page_view'), 'the page view accepted');
      expect(await persisted(ctx, page)).toEqual([]);
      expect(c.first_touch?.utm_campaign).toBe('pending');
      await call(page, d, 'consent', 'granted');
      wire.push(`${Date.now() % 1e5} granted`);
      // document.cookie writes reach the browser's cookie store (what ctx.cookies() reads) asynchronously.
      const granted = await until(
        async () => {
          const found = await persisted(ctx, page);
          return found.some((x) => x.startsWith('cookie _lt_id')) && found;
        },
        'the id cookie after consent was granted',
        5_000,
      );
      expect(granted).toContain('ls _lt');
      expect(((await call(page, d, 'context')) as Context).tracking_id).toBe(c.tracking_id);
      await call(page, d, 'consent', 'denied');
      await until(async () => (await persisted(ctx, page)).length == 0, 'identifiers removed after denial', 5_000).catch(() => undefined);
      expect(await persisted(ctx, page), JSON.stringify(wire)).toEqual([]);
      expect(((await call(page, d, 'context')) as Context).tracking_id).not.toBe(c.tracking_id);
      await ctx.close();
    });

    it('Global Privacy Control: events are sent as denied and nothing is persisted (not even by the server)', async () => {
      const ctx = await newContext({ extraHTTPHeaders: { 'Sec-GPC': '1' } });
      await ctx.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
      const consents: string[] = [];
      ctx.on('request', (r) => {
        if (r.url().endsWith('/v1/events')) consents.push((JSON.parse(r.postData()!) as { consent: string }).consent);
      });
      const log = recordEvents(ctx);
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL, 'utm_campaign=gpc'));
      await ready(page, d);
      await until(() => log.accepted.length > 0, 'an accepted batch');
      expect(consents).toContain('denied');
      expect(await persisted(ctx, page)).toEqual([]);
      await ctx.close();
    });

    it('offline, then back online: every event arrives exactly once', async () => {
      const ctx = await newContext();
      const log = recordEvents(ctx);
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL));
      const { tracking_id } = await ready(page, d);
      await until(() => log.accepted.length > 0, 'the first page view accepted');
      await ctx.setOffline(true);
      await call(page, d, 'track', 'offline_1', { n: 1 });
      await call(page, d, 'track', 'offline_2');
      // Kept in the retry queue while the network is down.
      await until(() => page.evaluate(() => (localStorage._lt || '').includes('offline_2')), 'the events in the stored retry queue');
      await ctx.setOffline(false);
      const stored = await rowsUntil(
        tracking_id,
        (r) => r.some((x) => x.name == 'offline_1') && r.some((x) => x.name == 'offline_2'),
        'both offline events',
      );
      expect(stored.filter((x) => x.name?.startsWith('offline_'))).toHaveLength(2);
      // Accepted once each, and the queue is empty again.
      await until(() => page.evaluate(() => !localStorage._lt.includes('offline_')), 'an empty retry queue');
      expect(log.accepted.filter((e) => e.name?.startsWith('offline_'))).toHaveLength(2);
      await ctx.close();
    });

    it('429/503 keep the batch and honour Retry-After; another 4xx drops it (never retried)', async () => {
      const proxy = await collectorProxy(LOCAL);
      const queue: Answer[] = [
        { status: 429, retryAfter: 2 },
        { status: 503, retryAfter: 1 },
      ];
      proxy.answer = (names) => (names.includes('invalid') ? { status: 400 } : names.includes('limited') ? queue.shift() : undefined);
      const ctx = await newContext();
      const page = await ctx.newPage();
      await d.viaCollector(ctx, page, proxy.url);
      const { tracking_id } = await ready(page, d);
      await call(page, d, 'track', 'limited');
      await rowsUntil(
        tracking_id,
        (r) => r.some((x) => x.name == 'limited'),
        () => `the rate-limited event ${JSON.stringify(proxy.attempts)}`,
      );
      const limited = proxy.attempts.filter((a) => a.names.includes('limited'));
      expect(limited).toHaveLength(2);
      // Retry-After: 2 s after the 429, then 1 s after the 503 (the third attempt is forwarded and stored).
      expect(limited[1]!.at - limited[0]!.at).toBeGreaterThanOrEqual(1900);
      // A 400 is final: the batch is dropped and the queue moves on.
      await call(page, d, 'track', 'invalid');
      await until(() => proxy.attempts.some((a) => a.names.includes('invalid')), 'the invalid batch sent');
      await call(page, d, 'track', 'after_invalid');
      await rowsUntil(tracking_id, (r) => r.some((x) => x.name == 'after_invalid'), 'the next event');
      expect(proxy.attempts.filter((a) => a.names.includes('invalid'))).toHaveLength(1);
      expect((await rows(tracking_id)).some((x) => x.name == 'invalid')).toBe(false);
      expect(await page.evaluate(() => localStorage._lt.includes('"invalid"'))).toBe(false);
      await Promise.all([ctx.close(), proxy.close()]);
    });

    it('events sent from pagehide (and just before leaving) arrive', async () => {
      const ctx = await newContext();
      await trackOnPagehide(ctx, d, 'bye_pagehide');
      const log = recordEvents(ctx);
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL));
      const { tracking_id } = await ready(page, d);
      await leaveAfter(page, d, 'just_before_leaving');
      await rowsUntil(
        tracking_id,
        (r) => r.some((x) => x.name == 'bye_pagehide') && r.some((x) => x.name == 'just_before_leaving'),
        () =>
          `the pagehide events (sent ${JSON.stringify(log.sent.map((e) => e.name ?? e.type))}, accepted ${JSON.stringify(log.accepted.map((e) => e.name ?? e.type))})`,
      );
      await ctx.close();
    });

    it('events sent on the way out arrive while an earlier request is still in flight', async () => {
      // The page's fetch fails in the page as it unloads (the browser still delivers it): that is no reason
      // to hold back the last events.
      const proxy = await collectorProxy(LOCAL);
      let slowed = false;
      proxy.answer = () => (slowed ? undefined : ((slowed = true), { delayMs: 3000 }));
      const ctx = await newContext();
      await trackOnPagehide(ctx, d, 'bye_in_flight');
      const page = await ctx.newPage();
      await d.viaCollector(ctx, page, proxy.url);
      const { tracking_id } = await ready(page, d);
      await until(() => proxy.attempts.length > 0, 'the first batch held by the slow collector');
      await leaveAfter(page, d, 'while_in_flight');
      await rowsUntil(
        tracking_id,
        (r) => r.some((x) => x.name == 'bye_in_flight') && r.some((x) => x.name == 'while_in_flight'),
        'the events sent on the way out',
      );
      await Promise.all([ctx.close(), proxy.close()]);
    });

    it('a <script> in a UTM value is not injected anywhere', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      const evil = '<script>window.__xss=1</script>';
      const evil2 = '"><img src=x onerror="window.__xss=2">';
      await page.goto(d.landing(LOCAL, new URLSearchParams({ utm_source: evil, utm_campaign: evil2 }).toString()));
      const c = await ready(page, d);
      expect(c.first_touch?.utm_source).toBe(evil);
      await page.waitForFunction(() => document.querySelectorAll('input[name=lt_last_touch]').length > 0 || !document.forms.length);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      expect(await page.$$('img[src=x]')).toHaveLength(0);
      expect(await page.evaluate(() => document.documentElement.outerHTML.includes('<script>window.__xss'))).toBe(false);
      const [view] = await rowsUntil(c.tracking_id, (r) => r.length > 0, 'the page view');
      expect(view!.event.first_touch?.utm_source).toBe(evil);
      await ctx.close();
    });

    it('identify() with an address the collector would refuse keeps the other traits and the batch', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL));
      const { tracking_id } = await ready(page, d);
      // One call after another: they share a batch, which one refused email would otherwise sink.
      await call(page, d, 'identify', { email: 'not an address', name: 'Ada' });
      await call(page, d, 'track', 'beside_bad_email');
      await call(page, d, 'identify', { email: '  Ada@Example.COM ' });
      const stored = await rowsUntil(
        tracking_id,
        (r) => r.filter((x) => x.type == 'identify').length >= 2 && r.some((x) => x.name == 'beside_bad_email'),
        'both identify events and the track event',
      );
      const traits = stored.filter((x) => x.type == 'identify').map((x) => x.event.traits);
      expect(traits).toContainEqual({ name: 'Ada' });
      // A valid address with spaces and capitals goes as typed; the collector normalises it.
      expect(traits).toContainEqual({ email: 'ada@example.com' });
      await ctx.close();
    });

    it('context() hand-off: the leadtrail:context event and openWidget()', async () => {
      const ctx = await newContext();
      const page = await ctx.newPage();
      await page.goto(d.landing(LOCAL, 'utm_campaign=handoff'));
      const c = await ready(page, d);
      // Both example apps render the context from the leadtrail:context event.
      await until(() => page.$eval('#ctx', (el, id) => el.textContent!.includes(id), c.tracking_id), '#ctx rendered from the event');
      const opened = await page.evaluate(
        ([g]) =>
          new Promise<boolean>((resolve) => {
            addEventListener('leadtrail:open-widget', () => resolve(true));
            (window as unknown as Record<string, Api>)[g!]!.openWidget!();
            setTimeout(() => resolve(false), 1000);
          }),
        [d.api],
      );
      expect(opened).toBe(true);
      await ctx.close();
    });
  });
};

export { rows };
