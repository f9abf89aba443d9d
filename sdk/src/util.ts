/** Small browser helpers shared by every module. Nothing here runs at import time (SSR-safe). */

declare const __NPM__: boolean;

/** Wraps an entry point so nothing ever throws into the host page. */
export const safe =
  <A extends unknown[], R>(f: (...a: A) => R) =>
  (...a: A): R | undefined => {
    try {
      return f(...a);
    } catch (e) {
      // The npm build tells the developer; the tag stays silent on customers' pages.
      if (__NPM__) console.warn('[leadtrail]', e);
    }
  };

export const now = Date.now;
export const J = JSON.stringify;

/** Time (base 36) + 64 random bits: ≥ 16 chars of [0-9a-z], as the collector's id pattern wants. */
export const id = (): string => now().toString(36) + crypto.getRandomValues(new Uint32Array(2)).join('');

/** The id cookie; the collector sets the same name, so its (longer-lived) cookie is adopted. */
export const readCookie = (): string | undefined => /\b_lt_id=([\w-]{8,64})/.exec(document.cookie)?.[1];

/**
 * Writes the id cookie on the registrable domain, probing from the shortest candidate up (the browser
 * refuses public suffixes), then host-only, as the big SDKs do. Age 0 deletes it on every candidate.
 * Returns the domain the cookie landed on (the site: every host under it shares the visitor), or the
 * host itself when nothing was written.
 */
export const writeCookie = (v: string, age: number): string => {
  const h = location.hostname.split('.');
  for (let i = h.length; i--;) {
    const d = h.slice(i && i - 1).join('.');
    document.cookie = `_lt_id=${v};path=/;max-age=${age};samesite=lax${location.protocol[4] == 's' ? ';secure' : ''}${i ? ';domain=' + d : ''}`;
    if (age && readCookie() == v) return d;
  }
  return location.hostname;
};

/** Listens on window, in the capture phase (before page handlers; also sees document events). */
export const on = (types: string, f: (e: Event) => unknown): void => {
  for (const t of types.split(' ')) addEventListener(t, f, true);
};
