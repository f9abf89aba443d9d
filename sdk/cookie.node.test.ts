/**
 * The id cookie goes on the registrable domain, found by probing (sdk/src/util.ts writeCookie), against a
 * small cookie jar that refuses public suffixes and foreign domains the way browsers do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readCookie, writeCookie } from './src/util';

const PUBLIC_SUFFIXES = new Set(['com', 'uk', 'co.uk', 'io']);

/** document.cookie for one host: name=value pairs keyed by domain ('' = host-only). */
const jar = (host: string): { cookies: Map<string, string>; writes: string[] } => {
  const cookies = new Map<string, string>();
  const writes: string[] = [];
  Object.assign(globalThis, {
    location: { hostname: host, protocol: 'https:' },
    document: {
      get cookie() {
        return [...cookies.values()].join('; ');
      },
      set cookie(v: string) {
        writes.push(v);
        const [pair, ...attrs] = v.split(';');
        const domain = attrs.find((a) => a.startsWith('domain='))?.slice(7) ?? '';
        const maxAge = Number(attrs.find((a) => a.startsWith('max-age='))?.slice(8));
        if (domain && (PUBLIC_SUFFIXES.has(domain) || !(host == domain || host.endsWith('.' + domain)))) return;
        if (maxAge <= 0) cookies.delete(domain);
        else cookies.set(domain, pair!);
      },
    },
  });
  return { cookies, writes };
};

afterEach(() => {
  Reflect.deleteProperty(globalThis, 'document');
  Reflect.deleteProperty(globalThis, 'location');
});

describe('writeCookie', () => {
  it('lands on the registrable domain, skipping the public suffix', () => {
    const { cookies } = jar('www.shop.example.co.uk');
    // The domain it landed on is the site: its other hosts are not referrers.
    expect(writeCookie('abcdefgh12', 100)).toBe('example.co.uk');
    expect([...cookies.keys()]).toEqual(['example.co.uk']);
    expect(readCookie()).toBe('abcdefgh12');
  });

  it('is host-only on localhost', () => {
    const { cookies, writes } = jar('localhost');
    expect(writeCookie('abcdefgh12', 100)).toBe('localhost');
    expect([...cookies.keys()]).toEqual(['']);
    expect(writes[0]).toContain(';secure');
  });

  it('age 0 deletes it on every candidate domain', () => {
    const { cookies } = jar('a.b.example.com');
    cookies.set('example.com', '_lt_id=old1234567');
    cookies.set('', '_lt_id=old1234567');
    // Nothing written: the site is the host itself.
    expect(writeCookie('', 0)).toBe('a.b.example.com');
    expect(cookies.size).toBe(0);
  });
});
