/**
 * The widget's launcher, compiled into lt.js only for tenants with a widget (`__WIDGET__`, sdk/bundle.mjs):
 * a button in its own shadow root, and the loader of the widget bundle. Until the visitor opens it, this is
 * all the widget costs the page (design §6: ≤ 1 KB). The bundle (`__WIDGET_SRC__`, a content-hashed URL) loads
 * on a click, on openWidget() (`leadtrail:open-widget`) or on the tenant's trigger, opens at once, and replaces
 * this button with its own. A failed load leaves the button, which tries again on the next click.
 *
 * The Worker writes the tenant's look and trigger onto the tag (`data-launcher`, edge/routes/assets.ts):
 * [text, position, primary, on_primary, trigger kind, trigger value].
 */
declare const __WIDGET_SRC__: string;

export type LauncherConfig = [string, string, string, string, string?, number?];

export const launcher = (base: string, [text, side, bg, fg, kind, at]: LauncherConfig): void => {
  let loading: HTMLScriptElement | undefined;
  const d = document;
  const mounted = (): HTMLElement | null => d.getElementById('lt-widget');

  const load = (via: string): void => {
    if (mounted() || loading) return; // a mounted widget answers open-widget itself
    const s = (loading = d.createElement('script'));
    s.src = new URL(__WIDGET_SRC__, base).href;
    s.dataset.open = via;
    s.onload = s.onerror = () => {
      s.remove();
      loading = undefined;
    };
    d.head.append(s);
  };

  const host = d.createElement('div');
  host.id = 'lt-launcher';
  const root = host.attachShadow({ mode: 'open' });
  const css =
    `:host{all:initial!important}button{position:fixed;bottom:20px;${side == 'left' ? 'left' : 'right'}:20px;z-index:2147483000;` +
    `font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:${bg};color:${fg};border:0;border-radius:24px;` +
    `padding:12px 18px;cursor:pointer;box-shadow:0 4px 14px #0004}button:focus-visible{outline:2px solid ${fg};outline-offset:-4px}`;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.appendChild(d.createElement('style')).textContent = css;
  }
  const b = root.appendChild(d.createElement('button'));
  b.textContent = text;
  b.setAttribute('aria-haspopup', 'dialog');
  b.onclick = () => load('click');
  addEventListener('leadtrail:open-widget', () => load('api'));

  // The tenant's trigger opens it once per browser session, not on every page.
  const auto = (): void => {
    try {
      if (sessionStorage._lt_wo) return;
      sessionStorage._lt_wo = 1;
    } catch {}
    load(kind!);
  };
  if (kind == 'delay') setTimeout(auto, at! * 1e3);
  if (kind == 'scroll')
    addEventListener('scroll', () => (scrollY + innerHeight) * 100 >= d.documentElement.scrollHeight * at! && auto(), { passive: true });
  if (kind == 'exit_intent') d.addEventListener('mouseout', (e) => !e.relatedTarget && e.clientY <= 0 && auto());

  const show = (): unknown => (d.body ? d.body.append(host) : addEventListener('DOMContentLoaded', show));
  show();
  // The chat was open on the previous page of this tab (the widget sets _lt_wc): it stays open across navigation.
  try {
    if (sessionStorage._lt_wc) load('restore');
  } catch {}
};
