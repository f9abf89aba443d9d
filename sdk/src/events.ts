/** Event construction. Values are clipped to the collector's limits: one invalid event sinks its batch. */
import type { EventType, LtEvent, PropValue } from './types'
import { C, touchSession } from './state'
import { id, now } from './util'

/**
 * props (numbers and booleans kept, anything else → string ≤ 1024) or traits (`max` 254: strings);
 * ≤ 50 keys of ≤ 64 chars; null/undefined dropped.
 */
export const clean = (o?: object | null, max = 1024): Record<string, PropValue> | undefined => {
  if (!o) return
  const r: Record<string, PropValue> = {}
  for (const [k, v] of Object.entries(o).slice(0, 50))
    if (v != null) r[k.slice(0, 64)] = max > 999 && (v === +v || v === !!v) ? v : String(v).slice(0, max)
  return r
}

export const ev = (type: EventType, x?: Partial<LtEvent>): LtEvent => {
  touchSession()
  return {
    ...C,
    touches: undefined, // the history stays in the browser; events carry first and last touch
    event_id: id(),
    type,
    ts: now(),
    url: location.href.slice(0, 2048),
    title: document.title.slice(0, 512),
    referrer: document.referrer.slice(0, 2048),
    // Automation (playwright, puppeteer, selenium) sets navigator.webdriver.
    bot: navigator.webdriver,
    ...x,
  } as LtEvent
}
