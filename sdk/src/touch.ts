/** Attribution: one Touch from a landing URL and a referrer, with its derived channel. */
import type { Touch, UtmKey } from './types';
import { now } from './util';

/**
 * Click ids of design §3, in channel priority order: paid search (0-4), paid social (5-10), email (11),
 * social (12). The first one present decides its channel.
 */
export const CLICK_IDS = 'gclid gbraid wbraid dclid msclkid fbclid ttclid li_fat_id twclid rdt_cid epik mc_cid igshid'.split(' ');

const SEARCH = /google|bing|yahoo|duckduckgo|baidu|yandex|ecosia/;
const SOCIAL = /facebook|instagram|linkedin|twitter|^t\.co|^x\.com|reddit|tiktok|pinterest|youtube/;

/**
 * The touch of this page view. `internal(host)` says whether a referrer host is our own site
 * (same host or a cross-domain peer): internal referrers are not touches.
 */
export const capture = (href: string, referrer: string, internal: (host: string) => boolean): Touch => {
  const q = new URL(href).searchParams;
  // document.referrer is '' or an absolute URL.
  let host = referrer && new URL(referrer).hostname;
  if (internal(host)) host = referrer = '';
  const t = { ts: now(), click_ids: {}, referrer: referrer.slice(0, 2048) || null, landing_url: href.slice(0, 2048) } as Touch;
  for (const k of 'utm_source utm_medium utm_campaign utm_term utm_content utm_id'.split(' ') as UtmKey[])
    t[k] = q.get(k)?.slice(0, 256) || null;
  for (const k of CLICK_IDS) if (q.get(k)) t.click_ids[k] = q.get(k)!.slice(0, 512);
  // Rules in priority order; c is the priority of the first click id present (none: 2^32 - 1).
  const c = CLICK_IDS.indexOf(Object.keys(t.click_ids)[0]!) >>> 0;
  const m = t.utm_medium || '';
  const s = t.utm_source || host;
  const social = SOCIAL.test(s);
  t.channel =
    c < 5
      ? 'paid_search'
      : c < 11
        ? 'paid_social'
        : /^(cpc|ppc|paid)/i.test(m)
          ? social
            ? 'paid_social'
            : 'paid_search'
          : /mail/i.test(m) || c == 11
            ? 'email'
            : /social/i.test(m) || c == 12 || social
              ? 'social'
              : /organic/i.test(m) || SEARCH.test(s)
                ? 'organic_search'
                : /affiliate|display/i.exec(m)?.[0].toLowerCase() ||
                  (m || t.utm_source || t.utm_campaign ? 'other' : host ? 'referral' : 'direct');
  return t;
};
