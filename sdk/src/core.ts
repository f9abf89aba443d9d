/** init() and the public API shared by the script tag and the npm package. */
import type { Consent, Context, Options, Props, Traits } from './types'
import { clean, ev } from './events'
import { forms } from './forms'
import { autoPages, pageView } from './nav'
import { enqueue, lifecycle } from './send'
import { C, S, changed, restore, setConsent } from './state'
import { capture } from './touch'
import { J, emit, safe } from './util'
import { adopt, decorate, isXd } from './xd'

declare const __NPM__: boolean

let on = 0
/** A feature is on unless its option is false or 'off' (the tag passes data-* strings). */
const enabled = (v: unknown): boolean => v !== false && v != 'off'
const pending: (() => void)[] = []

/** Never throws; in the npm build, calls made before init() are kept and replayed by it. */
const api =
  <A extends unknown[]>(f: (...a: A) => void) =>
  (...a: A): void => {
    __NPM__ && !on ? pending.push(() => f(...a)) : safe(f)(...a)
  }

export const init = safe((o: Options): void => {
  if (on) return
  on = 1
  S.base_ = new URL(o.endpoint.replace(/\/?$/, '/'), location.href).href
  // Options may come straight from the tag's data-* attributes: strings, 'off', comma lists.
  S.xd_ = o.crossDomain ? (o.crossDomain + '').split(/\s*,\s*/) : []
  S.widget_ = enabled(o.widget)
  // The landing URL as requested: a router or URL cleaner may already have stripped the query.
  let href = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.name || location.href
  restore(o.consent, o.gpc)
  href = safe(adopt)(href) || href
  const t = capture(href, document.referrer, (h) => h == location.hostname || isXd(h))
  C.first_touch ||= t
  // Last touch: a campaign or a new external referral overrides; a direct visit never does.
  // The same landing URL and referrer again (a reload, the same campaign link) is no new touch.
  const l = C.last_touch
  if (!l || (t.channel != 'direct' && `${t.landing_url}${t.referrer}` != `${l.landing_url}${l.referrer}`)) {
    C.touches = [...C.touches, (C.last_touch = t)].slice(-10)
    S.seen_ = 0 // a new source starts a new session
  }
  lifecycle()
  autoPages()
  if (enabled(o.forms)) forms()
  if (S.xd_[0]) decorate()
  changed()
  pending.map((f) => safe(f)())
})

/** A track event without a name would sink its batch: such calls are ignored. */
export const track = api((name: string, props?: Props) => {
  if (name) enqueue(ev('track', { name: String(name).slice(0, 128), props: clean(props) }))
})

export const page = api((props?: Props) => pageView(props))

export const identify = api((traits: Traits) =>
  enqueue(ev('identify', { traits: clean(traits, 254) as Record<string, string> })),
)

export const consent = api((c: Consent) => {
  if (/^(granted|pending|denied)$/.test(c)) setConsent(c), changed()
})

/** The widget (a later bundle) listens for `leadtrail:open-widget`; until then this is a safe no-op. */
export const openWidget = api(() => S.widget_ && emit('open-widget'))

/** undefined before init(). */
export const context = (): Context | undefined => (on ? (JSON.parse(J(C)) as Context) : undefined)
