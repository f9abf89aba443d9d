/**
 * Cross-domain hand-off. Links to the listed domains get `_lt=<sig>.<json>` at click time: the id, the
 * session, the time and the touches. The other domain adopts it when the signature matches (a hash over
 * the data and this browser's user agent, so edited or copied links are refused) and it is under two
 * minutes old, then removes it from the address bar.
 */
import type { Touch } from './types'
import { C, S } from './state'
import { J, now } from './util'

const ID = /^[\w-]{8,64}$/

const sig = (d: string): string => {
  let h = 5381
  for (const c of d + navigator.userAgent) h = Math.imul(h, 33) ^ c.charCodeAt(0)
  return (h >>> 0).toString(36)
}

export const isXd = (h: string): boolean => S.xd_.some((d) => h == d || h.endsWith('.' + d))

/**
 * Reads `_lt` from the landing URL as requested (a router may have stripped the address bar already),
 * removes it from the address bar, and returns the landing URL without it.
 */
export const adopt = (href: string): string => {
  const n = new URL(href)
  const u = new URL(location.href)
  const p = n.searchParams.get('_lt')
  if (p) {
    n.searchParams.delete('_lt')
    u.searchParams.delete('_lt')
    history.replaceState(history.state, '', u)
    const i = p.indexOf('.')
    const d = p.slice(i + 1)
    const [t, s, ts, f, l] = JSON.parse(d) as [string, string, number, Touch | null, Touch | null]
    if (p.slice(0, i) == sig(d) && now() - ts < 12e4 && ID.test(t) && ID.test(s)) {
      C.tracking_id = t
      C.session_id = s
      S.seen_ = now()
      // The earlier first touch wins; the other domain's last touch is the current one.
      if (f && !(C.first_touch!?.ts <= f.ts)) C.first_touch = f
      if (l) C.touches.push((C.last_touch = l))
    }
  }
  return n.href
}

export const decorate = (): void => {
  const on = (e: Event): void => {
    const a = (e.target as Element).closest?.('a')
    if (S.persist_ && a && a.hostname != location.hostname && isXd(a.hostname)) {
      const d = J([C.tracking_id, C.session_id, now(), C.first_touch, C.last_touch])
      const u = new URL(a.href)
      u.searchParams.set('_lt', sig(d) + '.' + d)
      a.href = u.href
    }
  }
  // mousedown also covers middle-click and "open in new tab"; click covers the keyboard.
  for (const n of ['mousedown', 'click']) document.addEventListener(n, on, true)
}
