/** Attribution: one Touch from a landing URL and a referrer, with its derived channel. */
import { UTM, type Touch } from './types'
import { now } from './util'

/** Click ids of design §3. */
export const CLICK_IDS = 'gclid gbraid wbraid dclid msclkid fbclid ttclid li_fat_id twclid rdt_cid epik igshid mc_cid'.split(' ')

const SEARCH = /google|bing|yahoo|duckduckgo|baidu|yandex|ecosia/
const SOCIAL = /facebook|instagram|linkedin|twitter|^t\.co|^x\.com|reddit|tiktok|pinterest|youtube/

/** Rules in priority order; `k` lists the click ids present (their prefixes identify them). */
const channel = (t: Touch, host: string): string => {
  const k = Object.keys(t.click_ids) + ''
  const m = t.utm_medium || ''
  const s = t.utm_source || host
  return /gcl|gbr|wbr|dcl|msc/.test(k)
    ? 'paid_search'
    : /fbc|ttc|li_|twc|rdt|epik/.test(k)
      ? 'paid_social'
      : /^(cpc|ppc|paid)/i.test(m)
        ? SOCIAL.test(s) ? 'paid_social' : 'paid_search'
        : /mail/i.test(m) || /mc_/.test(k)
          ? 'email'
          : /social/i.test(m) || /igsh/.test(k) || SOCIAL.test(s)
            ? 'social'
            : /organic/i.test(m) || SEARCH.test(s)
              ? 'organic_search'
              : /affiliate|display/i.exec(m)?.[0].toLowerCase() ||
                (m || t.utm_source || t.utm_campaign ? 'other' : host ? 'referral' : 'direct')
}

/**
 * The touch of this page view. `internal(host)` says whether a referrer host is our own site
 * (same host or a cross-domain peer): internal referrers are not touches.
 */
export const capture = (href: string, referrer: string, internal: (host: string) => boolean): Touch => {
  const q = new URL(href).searchParams
  let host = ''
  try {
    host = new URL(referrer).hostname
  } catch {}
  if (internal(host)) host = referrer = ''
  const t = { ts: now(), click_ids: {}, referrer: referrer.slice(0, 2048) || null, landing_url: href.slice(0, 2048) } as Touch
  for (const k of UTM) t[`utm_${k}`] = q.get('utm_' + k)?.slice(0, 256) || null
  for (const k of CLICK_IDS) if (q.get(k)) t.click_ids[k] = q.get(k)!.slice(0, 512)
  t.channel = channel(t, host)
  return t
}
