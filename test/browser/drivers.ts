/**
 * The two builds under test, behind one interface so every scenario runs for both:
 *  - tag: examples/landing (+ fixtures) with <script async src="/lt.js">, API on window.leadtrail
 *  - npm: examples/spa built with esbuild from `@leadtrail/sdk`, API on window.spa
 */
import type { BrowserContext, Page } from 'playwright-core';
import { LOCAL } from './harness';

export interface Driver {
  kind: 'tag' | 'npm';
  /** The global holding the API in the page. */
  api: 'leadtrail' | 'spa';
  landing(origin: string, query?: string): string;
  /** Another page of the site (full load, no query). */
  second(origin: string): string;
  /** A page whose own code strips the query string before the tracker runs. */
  strip(origin: string, query: string): string;
  /** A page with consent pending (may prepare the context). */
  pending(ctx: BrowserContext, origin: string, query: string): Promise<string>;
  /** Opens a page where a form is rendered 2 s later; returns its selector and where it posts. */
  lateForm(page: Page, origin: string, query: string): Promise<{ form: string; action: string }>;
  /** Two distinct in-app paths for route changes. */
  paths: [string, string];
  /** Opens a page of this build whose collector is `collector` (another origin than the page). */
  viaCollector(ctx: BrowserContext, page: Page, collector: string): Promise<void>;
  /** pushState the way the app does it. */
  push(page: Page, path: string): Promise<void>;
}

export const tag: Driver = {
  kind: 'tag',
  api: 'leadtrail',
  landing: (o, q = '') => `${o}/${q && '?' + q}`,
  second: (o) => `${o}/page2.html`,
  strip: (o, q) => `${o}/fixtures/strip.html?${q}`,
  pending: async (_ctx, o, q) => `${o}/fixtures/pending.html?${q}`,
  lateForm: async (page, o, q) => {
    await page.goto(`${o}/fixtures/late-form.html?${q}`);
    return { form: '#late', action: '/form-echo' };
  },
  paths: ['/virtual/a', '/virtual/b'],
  viaCollector: async (_ctx, page, collector) => {
    await page.goto(`${collector}tag.html`);
  },
  push: async (page, path) => {
    await page.evaluate((p) => history.pushState(null, '', p), path);
  },
};

export const npm: Driver = {
  kind: 'npm',
  api: 'spa',
  landing: (o, q = '') => `${o}/spa/${q && '?' + q}`,
  second: (o) => `${o}/spa/`,
  // The SPA's router cleans the query string before it calls init().
  strip: (o, q) => `${o}/spa/?${q}`,
  pending: async (ctx, o, q) => {
    await ctx.addInitScript(() => {
      (window as Window & { LT_SPA_OPTIONS?: object }).LT_SPA_OPTIONS = { consent: 'pending' };
    });
    return `${o}/spa/?${q}`;
  },
  lateForm: async (page, o, q) => {
    await page.goto(`${o}/spa/?${q}`);
    await page.waitForFunction(() => 'spa' in window);
    await page.click('a[href="/spa/contact"]');
    return { form: '#contact', action: '/spa/submit' };
  },
  paths: ['/spa/pricing', '/spa/contact'],
  viaCollector: async (ctx, page, collector) => {
    await ctx.addInitScript((endpoint) => {
      (window as Window & { LT_SPA_OPTIONS?: object }).LT_SPA_OPTIONS = { endpoint };
    }, collector);
    await page.goto(`${LOCAL}/spa/`);
  },
  push: async (page, path) => {
    await page.evaluate((p) => (window as unknown as { spa: { navigate(p: string): void } }).spa.navigate(p), path);
  },
};
