/** Channel derivation and touch capture (sdk/src/touch.ts), table-driven. */
import { describe, expect, it } from 'vitest';
import { capture } from './src/touch';

const external = (): boolean => false;
const ch = (query: string, referrer = ''): string => capture(`https://site.example/landing?${query}`, referrer, external).channel;

describe('channel', () => {
  it.each([
    ['gclid=1', '', 'paid_search'],
    ['wbraid=1', '', 'paid_search'],
    ['msclkid=1', '', 'paid_search'],
    ['utm_source=google&utm_medium=cpc', '', 'paid_search'],
    ['fbclid=1', '', 'paid_social'],
    ['li_fat_id=1', '', 'paid_social'],
    ['utm_source=facebook&utm_medium=paid_social', '', 'paid_social'],
    ['utm_source=linkedin&utm_medium=cpc', '', 'paid_social'],
    ['utm_medium=email&utm_source=newsletter', '', 'email'],
    ['mc_cid=abc', '', 'email'],
    ['igshid=x', '', 'social'],
    ['utm_source=twitter&utm_medium=social', '', 'social'],
    ['utm_medium=Affiliate&utm_source=partner', '', 'affiliate'],
    ['utm_medium=display', '', 'display'],
    ['utm_source=partner&utm_campaign=q3', '', 'other'],
    ['', 'https://www.google.com/', 'organic_search'],
    ['', 'https://duckduckgo.com/', 'organic_search'],
    ['', 'https://www.facebook.com/', 'social'],
    ['', 'https://t.co/abc', 'social'],
    ['', 'https://news.example.org/post', 'referral'],
    ['', '', 'direct'],
    // The precedence README.md documents (See the stored events): a click id wins over a disagreeing medium,
    // and of two click ids the higher in the list decides.
    ['gclid=1&utm_medium=email&utm_source=newsletter', '', 'paid_search'],
    ['fbclid=1&utm_medium=cpc&utm_source=google', '', 'paid_social'],
    ['fbclid=1&gclid=1', '', 'paid_search'],
    ['mc_cid=1&utm_medium=social', '', 'email'],
  ])('%s (referrer %s) → %s', (q, ref, expected) => {
    expect(ch(q, ref)).toBe(expected);
  });
});

describe('capture', () => {
  it('keeps every key, nulls where absent, and clips values to the collector limits', () => {
    const t = capture(`https://site.example/?utm_source=${'x'.repeat(300)}&gclid=${'g'.repeat(600)}&foo=1`, '', external);
    expect(Object.keys(t).sort()).toEqual([
      'channel',
      'click_ids',
      'landing_url',
      'referrer',
      'ts',
      'utm_campaign',
      'utm_content',
      'utm_id',
      'utm_medium',
      'utm_source',
      'utm_term',
    ]);
    expect(t.utm_source).toHaveLength(256);
    expect(t.click_ids.gclid).toHaveLength(512);
    expect(t.utm_medium).toBeNull();
    expect(t.referrer).toBeNull();
  });

  it('an internal referrer is not a source', () => {
    const t = capture('https://site.example/p2', 'https://site.example/p1', (h) => h == 'site.example');
    expect(t).toMatchObject({ channel: 'direct', referrer: null });
  });
});
