/** The first-party visitor cookie, shared with the tracker (which reads and writes the same name). */
export const TRACKING_COOKIE = '_lt_id';
const MAX_AGE_SECONDS = 400 * 24 * 60 * 60; // the longest lifetime browsers honour

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpOrLocal(host: string): boolean {
  return IPV4.test(host) || host.includes(':') || host === 'localhost' || !host.includes('.');
}

/**
 * The Domain for the cookie: the longest domain shared by the collector host and the page's host, so
 * `t.client.com` serving `www.client.com` writes the cookie on `client.com`. Without a page origin (or on
 * an IP / localhost) the cookie stays host-only. A shared suffix that is only a public suffix
 * (`co.uk`) is refused by browsers anyway; tenants can force `cookie_domain` in their config.
 */
export function cookieDomain(collectorHost: string, pageHost: string | null, configured?: string): string | null {
  if (configured) return configured;
  if (!pageHost || isIpOrLocal(collectorHost) || isIpOrLocal(pageHost)) return null;
  const a = collectorHost.split('.').reverse();
  const b = pageHost.split('.').reverse();
  const shared: string[] = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) shared.push(a[i] as string);
  if (shared.length < 2) return null;
  const domain = shared.reverse().join('.');
  return domain === collectorHost && domain === pageHost ? null : domain;
}

export function trackingCookie(options: { trackingId: string; domain: string | null; secure: boolean }): string {
  const parts = [`${TRACKING_COOKIE}=${options.trackingId}`, `Max-Age=${MAX_AGE_SECONDS}`, 'Path=/', 'SameSite=Lax'];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
