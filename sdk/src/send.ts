/**
 * Transport: small batches, fetch keepalive with a text/plain body (no CORS preflight), sendBeacon when
 * the page is going away, and the retry queue (S.q_, persisted with the state) that survives reloads
 * and redirects. The collector dedupes on event_id, so sending an event twice is safe; losing one is not.
 */
import type { LtEvent } from './types'
import { S, save } from './state'
import { J, now } from './util'

let busy = 0
let retryAt = 0
let fails = 0
let hidden = 0
let timer: ReturnType<typeof setTimeout> | undefined

const later = (ms: number): void => {
  clearTimeout(timer)
  timer = setTimeout(flush, ms)
}

const drop = (c: LtEvent[]): void => {
  S.q_ = S.q_.filter((e) => !c.includes(e))
  save()
}

export const enqueue = (e: LtEvent): void => {
  if (S.q_.push(e) > 99) S.q_.shift()
  save()
  // While the page is hidden or unloading a timer may never fire: send now.
  hidden ? flush(1) : later(Math.max(300, retryAt - now()))
}

export function flush(beacon?: 1): void {
  // Retry-After is honoured even on unload: those events wait in storage for the next page.
  if (S.q_[0] && now() >= retryAt && (beacon || !busy)) {
    const url = S.base_ + 'v1/events'
    // At most 10 events, and under the 16 KB beacon / 64 KB keepalive budgets: a UTF-16 char is at most
    // 3 bytes of UTF-8, so 5,000 / 20,000 chars.
    const c = S.q_.slice(0, 10)
    let body = ''
    while ((body = J({ sent_at: now(), consent: S.gpc_ ? 'denied' : S.consent_, events: c })).length > (beacon ? 5e3 : 2e4) && c[1])
      c.pop()
    if (beacon) {
      if (navigator.sendBeacon(url, body)) drop(c), flush(1)
    } else {
      busy = 1
      // A stalled request must not hold the queue: abort after 10 s and retry.
      // keepalive refuses bodies over 64 KB outright: a single huge event goes without it (a 413 drops it).
      fetch(url, { method: 'POST', body, keepalive: body.length < 2e4, credentials: 'include', signal: AbortSignal.timeout(1e4) })
        .then((r) => {
          const s = r.status
          // 408/429/5xx: keep the batch and retry; any other 4xx is final (the batch is invalid).
          if (s > 499 || s == 429 || s == 408) throw +r.headers.get('retry-after')!
          fails = 0
          drop(c)
        })
        .catch((ra: number) => {
          retryAt = now() + (ra > 0 ? ra * 1e3 : Math.min(6e4, 1e3 << fails++))
        })
        .finally(() => {
          busy = 0
          // Clamped: setTimeout takes a 32-bit delay, and a large negative number wraps to weeks.
          later(Math.max(0, retryAt - now()))
        })
    }
  }
}

/** Flush on the way out (pagehide, tab hidden) and as soon as the network is back. */
export const lifecycle = (): void => {
  const vis = (e: Event): void => {
    if ((hidden = +(e.type == 'pagehide' || document.hidden))) flush(1)
  }
  // A page restored from the back/forward cache gets visibilitychange (visible) again.
  for (const n of ['pagehide', 'visibilitychange']) addEventListener(n, vis)
  addEventListener('online', () => {
    // Network errors back off blindly; a server's Retry-After (fails stays 0) still stands.
    if (fails) retryAt = 0
    flush()
  })
}
