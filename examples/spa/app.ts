/**
 * A small SPA using the npm build: `import { init, … } from '@leadtrail/sdk'`.
 * It behaves like real apps do: its router cleans tracking parameters from the address bar at start,
 * routes with pushState, and renders the contact form two seconds after the route is shown.
 */
import { consent, context, identify, init, openWidget, page, track, type Options } from '@leadtrail/sdk';

// The app's own URL cleaner runs first; LeadTrail still reads the landing URL as it was requested.
if (location.search) history.replaceState(null, '', location.pathname + location.hash);

// Listen before init(): it fires the first leadtrail:context. textContent, never innerHTML (URL values).
addEventListener('leadtrail:context', (e) => {
  document.getElementById('ctx')!.textContent = JSON.stringify((e as CustomEvent).detail, null, 2);
});

// Calls made before init() are kept and replayed by it.
track('app_boot', { build: 'npm' });

// `window.LT_SPA_OPTIONS` lets the browser tests vary init options (consent, GPC…) without more builds.
const extra = (window as Window & { LT_SPA_OPTIONS?: Partial<Options> }).LT_SPA_OPTIONS;
init({ endpoint: location.origin, crossDomain: ['localhost', '127.0.0.1'], ...extra });

const view = document.getElementById('view')!;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) =>
  Object.assign(document.createElement(tag), props);

let timer: ReturnType<typeof setTimeout> | undefined;
const render = (): void => {
  clearTimeout(timer);
  const path = location.pathname.replace(/^\/spa\/?/, '') || 'home';
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  view.replaceChildren(el('h1', { textContent: hash || path }));
  if (path == 'contact') {
    timer = setTimeout(() => {
      const f = el('form', { id: 'contact', method: 'post', action: '/spa/submit' });
      f.append(el('input', { type: 'email', name: 'email' }), el('button', { textContent: 'Send' }));
      view.append(f);
    }, 2000);
  }
};

const navigate = (to: string): void => {
  history.pushState(null, '', to);
  render();
};

document.addEventListener('click', (e) => {
  const a = (e.target as Element).closest('a[data-route]') as HTMLAnchorElement | null;
  if (a && !e.metaKey && !e.ctrlKey) {
    e.preventDefault();
    if (a.pathname != location.pathname) navigate(a.pathname);
  }
});
addEventListener('popstate', render);
addEventListener('hashchange', render);

// The "other domain" link: same app on the other local hostname (cross-domain hand-off).
const other = document.getElementById('other') as HTMLAnchorElement;
const u = new URL('/spa/', location.href);
u.hostname = location.hostname == 'localhost' ? '127.0.0.1' : 'localhost';
other.href = u.href;

render();
// A handle for the console and the browser tests.
Object.assign(window, { spa: { track, page, identify, context, consent, openWidget, navigate } });
