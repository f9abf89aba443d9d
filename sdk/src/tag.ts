/**
 * Script-tag entry (IIFE): <script async src="https://t.client.com/lt.js"></script>
 * The collector is the script's own directory; options come from data-* attributes (data-consent,
 * data-cross-domain, data-forms, data-widget, data-gpc); calls queued by the pre-load stub
 * (window.leadtrail.q) are replayed; window.leadtrail then works both ways:
 * leadtrail('track', 'signup') and leadtrail.track('signup').
 */
import type { Options } from './types';
import { consent, context, identify, init, openWidget, page, track } from './core';
import { safe } from './util';

type Fn = (...a: unknown[]) => unknown;
/** q holds the stub's `arguments` objects: spreadable like these tuples. */
type Stub = Fn & { q?: [unknown, ...unknown[]][]; track?: Fn };

const api = { track, page, identify, context, consent, openWidget } as unknown as Record<string, Fn>;

safe(() => {
  const w = window as unknown as { leadtrail?: Stub };
  const queued = w.leadtrail?.q || [];
  if (w.leadtrail?.track) return; // loaded twice
  // A classic script (async or not, also when inserted by a tag manager) has currentScript while it runs.
  const s = document.currentScript as HTMLScriptElement;
  const o = { ...s.dataset, endpoint: new URL('.', s.src).href } as unknown as Options;
  // A consent call made before the script loaded decides how the page starts.
  queued.map((a) => a[0] == 'consent' && (o.consent = a[1] as Options['consent']));
  init(o);
  const lt = (w.leadtrail = Object.assign((m: unknown, ...a: unknown[]) => api[m as string]?.(...a), api));
  queued.map((a) => lt(...a));
})();
