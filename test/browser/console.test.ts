/**
 * The console page (/console) in real Chromium against the local Worker and its real /v1/admin API: sign-in
 * with a token signed like `npm run token` does, the session's end, languages, keyboard use, axe-core, the
 * strict CSP holding while the app runs, and a screenshot of the dashboard kept in test/browser/artifacts/.
 */
import axe from 'axe-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { consoleToken } from './console-tenant';
import { type BrowserContext, LOCAL, type Page, newContext, useBrowser } from './harness';

useBrowser();

const ARTIFACTS = join(import.meta.dirname, 'artifacts');
const LAPTOP = { width: 1366, height: 768 };

interface Opened {
  ctx: BrowserContext;
  page: Page;
  /** Errors thrown into the page and CSP violations reported by it: both must stay empty. */
  problems: string[];
}

/** /console in a fresh context (1366×768), recording page errors and CSP violations. */
async function openConsole(options: { origin?: string; locale?: string; token?: string } = {}): Promise<Opened> {
  const ctx = await newContext({ viewport: LAPTOP, locale: options.locale ?? 'en-US' });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`csp: ${m.text()}`);
  });
  if (options.token) await ctx.addInitScript((token) => sessionStorage.setItem('leadtrail.console.token', token), options.token);
  await page.goto(`${options.origin ?? LOCAL}/console`);
  return { ctx, page, problems };
}

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('Console token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** axe-core's serious and critical violations on the page as it is now (axe runs through CDP: the CSP allows no inline script). */
async function seriousViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  await page.evaluate(axe.source);
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return found.filter((v) => v.impact == 'serious' || v.impact == 'critical').map(({ id, nodes }) => ({ id, nodes }));
}

describe.concurrent('console page', () => {
  it('signs in with a pasted token: GET /v1/admin/me shows tenant and role; a reload keeps the session; sign-out ends it', async ({
    expect,
  }) => {
    const { ctx, page, problems } = await openConsole();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    await signIn(page, await consoleToken('demo', { role: 'admin', sub: 'ana@agency.test' }));
    const who = page.getByTestId('who');
    await expect.poll(() => who.textContent()).toContain('Demo (localhost)');
    expect(await who.textContent()).toContain('ana@agency.test');
    expect(await who.locator('.badge').textContent()).toBe('admin');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(new URL(page.url()).pathname).toBe('/console');

    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => page.getByTestId('who').textContent()).toContain('Demo (localhost)');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toBe('You are signed out.');
    expect(await page.evaluate(() => sessionStorage.getItem('leadtrail.console.token'))).toBeNull();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it("shows the API's refusal of a bad token (the error envelope's code and message) and stays on sign-in", async ({ expect }) => {
    const { ctx, page, problems } = await openConsole();
    const forBoard = await consoleToken('board'); // signed with another tenant's key, for another tenant
    await page.getByLabel('Console token').fill(forBoard);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('unauthorized');
    expect(await alert.textContent()).toContain('the console token is invalid, expired or not signed for this tenant');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in');
    expect(await page.getByLabel('Console token').getAttribute('aria-invalid')).toBe('true');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('an expired token kept in the tab, and a token expiring while signed in, lead back to sign-in with a message', async ({ expect }) => {
    const expired = await openConsole({ token: await consoleToken('demo', { expiresIn: -60 }) });
    await expired.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await expired.page.getByRole('status').first().textContent()).toContain('Your session has ended');
    expect(await expired.page.evaluate(() => sessionStorage.getItem('leadtrail.console.token'))).toBeNull();
    expect(expired.problems).toEqual([]);
    await expired.ctx.close();

    // A token that lives for a few seconds: signed in first, then the page ends the session by itself.
    const { ctx, page, problems } = await openConsole();
    await signIn(page, await consoleToken('demo', { expiresIn: 12 }));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('status').first().textContent()).toContain('Your session has ended');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('an error from the API is shown with its code and message (a lead that does not exist)', async ({ expect }) => {
    const { ctx, page, problems } = await openConsole({ token: await consoleToken('demo') });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.evaluate(() => (location.hash = '#/leads/ld_does_not_exist'));
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('not_found');
    expect(await page.getByRole('link', { name: /Back to leads/ }).count()).toBe(1);
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('works by keyboard: the skip link first, visible focus, navigation moves the focus to the new view', async ({ expect }) => {
    const { ctx, page, problems } = await openConsole({ token: await consoleToken('demo') });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const style = el ? getComputedStyle(el) : null;
        return {
          text: el?.textContent ?? '',
          tag: el?.tagName ?? '',
          id: el?.id ?? '',
          outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '',
        };
      });
    const skip = await focused();
    expect(skip.text).toBe('Skip to content');
    expect(skip.outline).toBe('solid 3px');
    expect(await page.getByRole('link', { name: 'Skip to content' }).boundingBox()).toMatchObject({ y: expect.any(Number) });
    expect((await page.getByRole('link', { name: 'Skip to content' }).boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');
    expect(page.url()).not.toContain('#main');

    // From the top again: through the header (language, sign-out) to the navigation, then to Leads.
    await page.getByRole('link', { name: 'Dashboard' }).focus();
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Leads');
    expect((await focused()).outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).text).toBe('Leads');
    expect((await focused()).tag).toBe('H1');
    expect(new URL(page.url()).hash).toBe('#/leads');
    expect(await page.getByRole('link', { name: 'Leads' }).getAttribute('aria-current')).toBe('page');
    // The search form is labelled and reachable: type, submit with Enter.
    await page.getByLabel('Email, name or tracking id').focus();
    await page.keyboard.type('nobody@example.com');
    await page.keyboard.press('Enter');
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('speaks pt-BR to a Portuguese browser, switches to English, and keeps the choice', async ({ expect }) => {
    const { ctx, page, problems } = await openConsole({ locale: 'pt-BR' });
    await page.getByRole('heading', { name: 'Entrar' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
    await page.getByLabel('Token do console').fill(await consoleToken('demo'));
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('navigation', { name: 'Principal' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Painel');
    expect(await page.getByRole('link', { name: 'Entregas' }).count()).toBe(1);
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(problems).toEqual([]);
    await ctx.close();
  });

  it('a viewer sees no replay or deletion controls, and is told why', async ({ expect }) => {
    const { ctx, page, problems } = await openConsole({ token: await consoleToken('demo', { role: 'viewer' }) });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await page.getByTestId('who').locator('.badge').textContent()).toBe('viewer');
    await page.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByText('Actions on this page need an admin token').waitFor();
    expect(await page.getByRole('button', { name: /Replay/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByText('Actions on this page need an admin token').waitFor();
    expect(await page.getByRole('button', { name: 'Review deletion' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await ctx.close();

    const admin = await openConsole({ token: await consoleToken('demo', { role: 'admin' }) });
    await admin.page.getByRole('navigation', { name: 'Main' }).waitFor();
    await admin.page.getByRole('link', { name: 'Privacy' }).click();
    await admin.page.getByRole('button', { name: 'Review deletion' }).waitFor();
    expect(await admin.page.getByText('Actions on this page need an admin token').count()).toBe(0);
    await admin.ctx.close();
  });

  it('axe-core finds no serious or critical violations on sign-in and on every view; the dashboard screenshot is kept', async ({
    expect,
  }) => {
    const { ctx, page, problems } = await openConsole();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page), 'sign-in').toEqual([]);
    await signIn(page, await consoleToken('demo'));
    const titles = { dashboard: 'Dashboard', leads: 'Leads', deliveries: 'Deliveries', alerts: 'Alerts', privacy: 'Privacy' };
    for (const [view, title] of Object.entries(titles)) {
      await page.evaluate((v) => (location.hash = `#/${v}`), view);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await expect.poll(() => page.locator('[role=status]:has-text("Loading")').count(), { message: view }).toBe(0);
      expect(await seriousViolations(page), view).toEqual([]);
      if (view == 'dashboard') {
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'console-dashboard-demo.png'), fullPage: true });
      }
    }
    expect(problems).toEqual([]);
    await ctx.close();
  });
});
