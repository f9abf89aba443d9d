/**
 * Script-tag entry (IIFE): <script async src="https://t.client.com/lt.js"></script>
 * The collector is the script's own directory; options come from data-* attributes; calls queued by the
 * pre-load stub (window.leadtrail.q) are replayed; window.leadtrail becomes callable both ways:
 * leadtrail('track', 'signup') and leadtrail.track('signup').
 */
import type { Consent } from './types'
import { consent, context, identify, init, openWidget, page, track } from './core'
import { safe } from './util'

type Fn = (...a: unknown[]) => unknown
type Stub = Fn & { q?: ArrayLike<unknown>[]; track?: Fn }

const api = { track, page, identify, context, consent, openWidget } as unknown as Record<string, Fn>

safe(() => {
  const w = window as unknown as { leadtrail?: Stub }
  if (w.leadtrail?.track) return // loaded twice
  const queued = Array.from(w.leadtrail?.q || [], (a) => Array.from(a))
  const s = (document.currentScript || document.querySelector('script[src*="lt.js"]')) as HTMLScriptElement
  const d = s.dataset
  // A consent call made before the script loaded decides how the page starts.
  const c = queued.filter((a) => a[0] == 'consent').pop()
  init({
    endpoint: new URL('.', s.src).href,
    consent: (c?.[1] || d.consent) as Consent,
    crossDomain: d.crossDomain?.split(','),
    forms: d.forms != 'off',
    widget: d.widget != 'off',
    gpc: d.gpc as 'ignore',
  })
  const lt = Object.assign((m: string, ...a: unknown[]) => api[m]?.(...a), api)
  w.leadtrail = lt as Stub
  for (const [m, ...a] of queued) lt(m as string, ...a)
})()
