/**
 * Page origins, compared as parsed, canonical values. The Origin header a browser sends is always the
 * canonical serialisation (`scheme://host[:port]`, lower case, no default port, no path); anything else
 * (`http://evil.com@localhost`, `HTTP://LOCALHOST:8787`, a trailing slash) is not from a browser's fetch
 * and is refused rather than "fixed", so no string that merely parses to an allowed origin gets in.
 */

/**
 * Hosts where a page may be served over plain http on any port: local development. `*.localhost` is the
 * loopback too (RFC 6761; browsers resolve it locally and treat it as a secure context), which the local
 * multi-tenant set-ups use (`optin.localhost`, `www.acme.localhost`).
 */
function isDevelopmentHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]' || hostname.endsWith('.localhost');
}

/** The origin when `input` is exactly its own canonical form and a tuple origin; null otherwise (incl. `null`). */
export function parseCanonicalOrigin(input: string): URL | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  // Opaque origins (chrome-extension:, file:, data:) serialise as "null".
  if (url.origin === 'null' || url.origin !== input) return null;
  return url;
}

/** The canonical form of a configured origin (`https://WWW.acme.com:443` → `https://www.acme.com`), or null. */
export function canonicalizeOrigin(input: string): string | null {
  try {
    const origin = new URL(input).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Whether a page on one of the tenant's own hosts may call the collector: `https:` on the default port, or,
 * on localhost, *.localhost and 127.0.0.1 only, `http:` or `https:` on any port. Other schemes and ports are other sites.
 */
export function isOwnHostOrigin(origin: URL, hosts: readonly string[]): boolean {
  if (!hosts.includes(origin.hostname)) return false;
  if (isDevelopmentHost(origin.hostname)) return origin.protocol === 'https:' || origin.protocol === 'http:';
  return origin.protocol === 'https:' && origin.port === '';
}
