/**
 * A small SPA using the npm build: `import { init, … } from '@leadtrail/sdk'`.
 * It behaves like real apps do: its router cleans tracking parameters from the address bar at start,
 * routes with pushState, and renders the contact form two seconds after the route is shown.
 */
import { consent, context, identify, init, openWidget, page, track, type Options } from '@leadtrail/sdk';

// The app's own URL cleaner runs first; LeadTrail still reads the landing URL as it was requested.
if (location.search) history.replaceState(null, '', location.pathname + location.hash);

// The context panel (#ctx) is drawn by /demo.js from the leadtrail:context event, which it listens to before init().

// Calls made before init() are kept and replayed by it.
track('app_boot', { build: 'npm' });

// `window.LT_SPA_OPTIONS` lets the browser tests vary init options (consent, GPC…) without more builds.
const extra = (window as Window & { LT_SPA_OPTIONS?: Partial<Options> }).LT_SPA_OPTIONS;
init({ endpoint: location.origin, crossDomain: ['localhost', '127.0.0.1'], ...extra });

const view = document.getElementById('view')!;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) =>
  Object.assign(document.createElement(tag), props);

/** The app's pages (path after /spa/, or 'faq' for the hash route). */
const PAGES: Record<string, { title: string; text: string }> = {
  home: { title: 'Your widgets', text: 'A client-side app: navigate with the menu; every route change is a page view.' },
  pricing: { title: 'Plans', text: 'Starter $9, Team $49, Fleet: ask us. Reload this page: the deep link still works.' },
  contact: { title: 'Contact us', text: 'The form appears in two seconds, the way embedded forms do.' },
  faq: { title: 'FAQ', text: 'A hash route (#/faq): also a page view; in-page anchors are not.' },
};

let timer: ReturnType<typeof setTimeout> | undefined;
const render = (): void => {
  clearTimeout(timer);
  const path = location.pathname.replace(/^\/spa\/?/, '') || 'home';
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const page = PAGES[hash || path] ?? { title: 'Not found', text: `The app has no page "${hash || path}".` };
  view.replaceChildren(el('h1', { textContent: page.title }), el('p', { textContent: page.text }));
  if (path == 'contact') {
    // Rendered late, like a form embed: the tracker still adds its hidden fields.
    timer = setTimeout(() => {
      const f = el('form', { id: 'contact', className: 'lead', method: 'post', action: '/spa/submit' });
      const field = (label: string, input: HTMLInputElement): HTMLLabelElement => {
        const l = el('label', { textContent: label });
        l.append(input);
        return l;
      };
      f.append(
        field('Your name', el('input', { name: 'name', autocomplete: 'name' })),
        field('Work email', el('input', { type: 'email', name: 'email', autocomplete: 'email', required: true })),
        el('button', { textContent: 'Send' }),
      );
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
