/**
 * Inline checks before anything is sent. Email: the tracker's own check (an address the collector would
 * refuse would sink a whole batch). Phone: a light shape check — 7 to 15 digits, an optional leading +, the
 * usual separators. libphonenumber-js would be the exact check, but its smallest build (`/min`) is 29 KB gzip,
 * twice the widget's whole budget; the consumers normalise to E.164 with it and are the authority.
 */
export const isEmail = (s: string): boolean => /^[\w+-]+(\.[\w+-]+)*@[\da-z]+([.-][\da-z]+)*\.[a-z]{2,}$/i.test(s);

export const isPhone = (s: string): boolean => /^\+?\d{7,15}$/.test(s.replace(/[\s().-]/g, '')) && !/[^\d\s().+-]/.test(s);
