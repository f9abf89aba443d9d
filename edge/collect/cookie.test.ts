import { describe, expect, it } from 'vitest';
import { cookieDomain, trackingCookie } from './cookie';

describe('cookieDomain', () => {
  it('uses the domain shared by the collector subdomain and the page', () => {
    expect(cookieDomain('t.client.com', 'www.client.com')).toBe('client.com');
    expect(cookieDomain('t.client.co.uk', 'shop.client.co.uk')).toBe('client.co.uk');
    expect(cookieDomain('client.com', 'client.com')).toBeNull(); // path route on the same host: host-only
    expect(cookieDomain('t.client.com', 'client.com')).toBe('client.com');
  });

  it('stays host-only on localhost, IPs, unrelated hosts or without a page', () => {
    expect(cookieDomain('localhost', 'localhost')).toBeNull();
    expect(cookieDomain('127.0.0.1', '127.0.0.1')).toBeNull();
    expect(cookieDomain('t.client.com', 'www.other.com')).toBeNull();
    expect(cookieDomain('t.client.com', null)).toBeNull();
  });

  it('never writes a public suffix by the Public Suffix List (ICANN and private sections)', () => {
    expect(cookieDomain('t.alpha.co.uk', 'www.beta.co.uk')).toBeNull(); // not co.uk
    expect(cookieDomain('a.github.io', 'b.github.io')).toBeNull(); // not github.io
    expect(cookieDomain('t.a.github.io', 'www.a.github.io')).toBe('a.github.io');
    expect(cookieDomain('t.client.co.uk', 'www.client.co.uk')).toBe('client.co.uk');
    expect(cookieDomain('t.shop.client.com', 'www.blog.client.com')).toBe('client.com');
    expect(cookieDomain('co.uk', 'co.uk')).toBeNull();
  });

  it('prefers the configured domain', () => {
    expect(cookieDomain('t.client.com', 'www.client.com', 'client.com')).toBe('client.com');
  });
});

describe('trackingCookie', () => {
  it('is readable by the script, lasts 400 days and is Lax', () => {
    expect(trackingCookie({ trackingId: 'abc12345', domain: 'client.com', secure: true })).toBe(
      '_lt_id=abc12345; Max-Age=34560000; Path=/; SameSite=Lax; Domain=client.com; Secure',
    );
  });
});
