import { getDomain } from 'tldts';

/** The first-party visitor cookie, shared with the tracker (which reads and writes the same name). */
export const TRACKING_COOKIE = '_lt_id';
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60; // the longest lifetime browsers honour

/**
 * The registrable domain of a hostname by the Public Suffix List, private section included (`github.io`,
 * `pages.dev` are suffixes: `a.github.io` and `b.github.io` belong to different people). Null for IPs,
 * `localhost` and public suffixes themselves.
 */
function registrableDomain(host: string): string | null {
  return getDomain(host, { allowPrivateDomains: true, extractHostname: false });
}

/**
 * The Domain for the cookie: the registrable domain the collector host and the page's host share, so
 * `t.client.co.uk` serving `www.client.co.uk` writes the cookie on `client.co.uk`. Host-only (null) when
 * they share none: `t.alpha.co.uk` and `www.beta.co.uk` share only the public suffix `co.uk`, and browsers
 * drop a cookie set on a public suffix, so the visitor would get no id at all. Host-only too without a page
 * origin, on an IP or localhost, and when both are that very domain. `cookie_domain` in the tenant config wins.
 */
export function cookieDomain(collectorHost: string, pageHost: string | null, configured?: string): string | null {
  if (configured) return configured;
  if (!pageHost) return null;
  const domain = registrableDomain(collectorHost);
  if (!domain || domain !== registrableDomain(pageHost)) return null;
  return domain === collectorHost && domain === pageHost ? null : domain;
}

export function trackingCookie(options: { trackingId: string; domain: string | null; secure: boolean }): string {
  const parts = [`${TRACKING_COOKIE}=${options.trackingId}`, `Max-Age=${MAX_AGE_SECONDS}`, 'Path=/', 'SameSite=Lax'];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
