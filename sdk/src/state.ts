/**
 * The visitor's state. C is the public Context itself (wire names); S holds internal settings whose
 * names end in `_` so the build shortens them (esbuild mangleProps). Everything persistent is the `_lt_id`
 * cookie and one localStorage entry `_lt` = [context, last activity, retry queue], and only while
 * consent allows it.
 */
import type { Consent, Context, LtEvent } from './types'
import { J, emit, id, ls, now, readCookie, writeCookie } from './util'

export const C: Context = { tracking_id: '', session_id: '', first_touch: null, last_touch: null, touches: [] }

export const S = {
  base_: '',
  consent_: 'granted' as Consent,
  /** May we write cookies/localStorage? (consent granted and GPC not in the way) */
  persist_: false,
  gpc_: false,
  widget_: true,
  /** Last activity, for the 30-minute session timeout. */
  seen_: 0,
  xd_: [] as string[],
  /** Events not yet accepted by the collector. */
  q_: [] as LtEvent[],
}

/** Writes (or, without consent, removes: a response may have set the cookie since) what is persistent. */
export const save = (): void => {
  S.persist_
    ? (ls([C, S.seen_, S.q_]), writeCookie(C.tracking_id, 34560000)) // 400 days, the browsers' cap
    : S.consent_ != 'pending' && (ls(0), writeCookie('', 0))
}

let last = ''
/** Persists, and fires `leadtrail:context` on window when the context changed. */
export const changed = (): void => {
  save()
  if (J(C) != last) emit('context', JSON.parse((last = J(C))))
}

/** Every event extends the session; 30 minutes of silence starts a new one. */
export const touchSession = (): void => {
  if (now() - S.seen_ > 18e5) C.session_id = id()
  S.seen_ = now()
  changed()
}

/**
 * Consent: 'pending' keeps everything in memory until 'granted'; 'denied' and Global Privacy Control
 * remove the identifiers (cookie, localStorage) and rotate them. Anything else means 'granted' (the
 * default); the collector accepts only these three.
 */
export const setConsent = (c?: string): void => {
  S.consent_ = c = c == 'pending' || c == 'denied' ? c : 'granted'
  S.persist_ = c == 'granted' && !S.gpc_
  if (!S.persist_ && c != 'pending') {
    save()
    C.tracking_id = id()
    C.session_id = id()
  }
}

/** Restores the visitor (cookie first: the collector re-sets it, and Safari keeps that one longer). */
export const restore = (c?: string, gpc?: string): void => {
  let st = ls<[Context, number, LtEvent[]]>()
  // A damaged entry (or another script's `_lt`) starts afresh instead of failing on every page.
  if (!(st?.[0]?.touches instanceof Array && st[2] instanceof Array)) st = undefined
  const [ctx, seen, q] = st || []
  const ck = readCookie()
  S.gpc_ = !!(navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl && gpc != 'ignore'
  // Identifiers exist only once consent was granted, so a 'pending' page keeps honouring that grant.
  setConsent(c == 'pending' && (ck || ctx) ? 'granted' : c)
  if (S.persist_) {
    // A batch the collector refuses (e.g. events older than 7 days) is dropped, so the queue heals itself.
    if (ctx) Object.assign(C, ctx), (S.seen_ = seen!), (S.q_ = q!)
    C.tracking_id = ck || C.tracking_id
  }
  C.tracking_id ||= id()
  C.session_id ||= id()
}
