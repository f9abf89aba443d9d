/**
 * The widget's styles, adopted by its shadow root as a constructable stylesheet: nothing inline, so a page
 * with `style-src 'self'` (no 'unsafe-inline') renders it, and nothing leaks to or from the page. `:host`
 * resets what the page could inherit into the shadow tree (`!important` inside beats the page's, even its
 * own `!important`). Text pairs were checked for WCAG AA contrast by the server (theme.text on
 * theme.background; on_primary picked for theme.primary).
 */
import type { Theme } from './types';

const CSS = `:host{all:initial!important}
*{box-sizing:border-box}
.w{all:initial;position:fixed;bottom:20px;right:20px;z-index:2147483000;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);text-align:left}
.left{right:auto;left:20px}
button,input,a{font:inherit;margin:0}
.b{background:var(--p);color:var(--op);border:0;border-radius:8px;padding:9px 14px;cursor:pointer;text-decoration:none;display:inline-block}
.launch{border-radius:24px;padding:12px 18px;box-shadow:0 4px 14px #0004}
.s{background:none;color:var(--fg);border:1px solid var(--fg)}
.panel{width:min(360px,calc(100vw - 40px));height:min(540px,calc(100vh - 40px));display:flex;flex-direction:column;background:var(--bg);color:var(--fg);border-radius:12px;box-shadow:0 8px 30px #0005;overflow:hidden}
.hd{display:flex;align-items:center;gap:10px;padding:12px 14px;background:var(--p);color:var(--op)}
.hd img{width:32px;height:32px;border-radius:50%}
h2{flex:1;margin:0;font-size:16px}
.x{background:none;border:0;color:inherit;font-size:22px;line-height:1;cursor:pointer;padding:2px 6px}
.log{flex:1;overflow:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.log p{margin:0;padding:8px 12px;border-radius:12px;max-width:85%;border:1px solid #8886;align-self:flex-start;white-space:pre-wrap}
.log .me{align-self:flex-end;background:var(--p);color:var(--op);border-color:var(--p)}
form{padding:12px;border-top:1px solid #8886;display:flex;flex-direction:column;gap:10px}
fieldset{border:0;margin:0;padding:0;display:flex;flex-direction:column;gap:6px;min-width:0}
label{display:flex;gap:8px;align-items:center;cursor:pointer}
.in{width:100%;padding:8px 10px;border:1px solid var(--fg);border-radius:8px;background:var(--bg);color:var(--fg)}
input[type=radio],input[type=checkbox]{accent-color:var(--p);width:18px;height:18px;flex:none}
.row{display:flex;gap:8px;align-items:center}
.say{flex-direction:row}
.log .wait{opacity:.75}
.log small{display:block;font-size:12px}
.err{margin:0;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
progress{flex:1;height:6px;accent-color:var(--p)}
.ft{font-size:13px;padding:0 12px 10px}
:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.hd :focus-visible,.launch:focus-visible{outline-color:var(--op);outline-offset:-4px}`;

const HEX = /^#[0-9a-f]{6}$/i;

/** The theme as custom properties; anything that is not a #rrggbb colour falls back (no CSS from config). */
const vars = (t: Theme): string => {
  const c = (v: string, d: string): string => (HEX.test(v) ? v : d);
  return `:host{--p:${c(t.primary, '#1f4fd1')};--op:${c(t.on_primary, '#fff')};--bg:${c(t.background, '#fff')};--fg:${c(t.text, '#1a1a1a')}}`;
};

/** Adopted where supported (every current browser); a <style> element elsewhere. */
export const style = (root: ShadowRoot, theme: Theme): void => {
  const css = vars(theme) + CSS;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.appendChild(document.createElement('style')).textContent = css;
  }
};
