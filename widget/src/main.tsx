/**
 * lt-widget.js: loaded by the launcher in lt.js (on click, openWidget() or the tenant's trigger), or by its
 * own tag. Reads the tenant's questionnaire from GET /v1/config beside this script, waits for the tracker,
 * and mounts into a shadow root. Never throws into the page; with no widget configured it does nothing.
 */
import { render } from 'preact';
import { App } from './app';
import { pickLang, strings } from './strings';
import { style } from './styles';
import { tracker } from './tracker';
import type { WidgetConfig } from './types';
import { safe } from './safe';
import { script } from './variant';

safe(async () => {
  // Only while this script runs; a dynamically inserted script has it too.
  const me = document.currentScript as HTMLScriptElement | null;
  if (!me || document.getElementById('lt-widget')) return; // loaded twice
  const base = new URL('.', me.src);
  const [lt, response] = await Promise.all([tracker(), fetch(new URL('v1/config', base))]);
  const { widget: config, chat } = (await response.json()) as { widget: WidgetConfig | null; chat?: boolean };
  if (!config || document.getElementById('lt-widget')) return;
  const host = document.createElement('div');
  host.id = 'lt-widget';
  const root = host.attachShadow({ mode: 'open' });
  style(root, config.theme);
  const lang = pickLang(config.language, navigator.languages || [navigator.language]);
  render(
    <App
      config={config}
      script={script(config, lt.context()!.tracking_id)}
      lt={lt}
      t={strings(lang)}
      lang={lang}
      opened={me.dataset.open}
      base={base.href}
      live={!!chat}
    />,
    root,
  );
  // The launcher of lt.js hands over to this one.
  document.getElementById('lt-launcher')?.remove();
  document.body.appendChild(host);
})();
