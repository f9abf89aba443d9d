/** The console's pure parts: routes, ranges, sorting, chart arithmetic, trends, languages and formats. */
import { describe, expect, it } from 'vitest';
import { query } from './api/client';
import { barWidth } from './charts/funnel-math';
import { niceMax, points, ticks } from './charts/scale';
import { trendOf } from './charts/trend';
import { lastDays, rangeDays, validRange } from './dates';
import { en } from './i18n/en';
import { format } from './i18n/format';
import { pickLang } from './i18n/lang';
import { ptBR } from './i18n/pt-br';
import { href, parseHash, section } from './router';
import { nextSort, sortRows } from './sort';

describe('hash routes', () => {
  it('maps each hash to its view, a lead id included, and anything else to the dashboard', () => {
    expect(parseHash('#/dashboard')).toEqual({ view: 'dashboard' });
    expect(parseHash('#/leads')).toEqual({ view: 'leads' });
    expect(parseHash('#/leads/ld_a%2Fb')).toEqual({ view: 'lead', id: 'ld_a/b' });
    expect(parseHash('#/deliveries')).toEqual({ view: 'deliveries' });
    expect(parseHash('#/alerts?x=1')).toEqual({ view: 'alerts' });
    expect(parseHash('')).toEqual({ view: 'dashboard' });
    expect(parseHash('#/nope')).toEqual({ view: 'dashboard' });
    expect(parseHash('#main')).toEqual({ view: 'dashboard' });
    expect(href({ view: 'lead', id: 'ld_a/b' })).toBe('#/leads/ld_a%2Fb');
    expect(section({ view: 'lead', id: 'x' })).toBe('leads');
  });
});

describe('date ranges', () => {
  it('defaults to the last 30 UTC days ending today, both inclusive', () => {
    const range = lastDays(30, Date.parse('2026-12-01T23:30:00Z'));
    expect(range).toEqual({ from: '2026-11-02', to: '2026-12-01' });
    expect(rangeDays(range)).toBe(30);
    expect(validRange(range)).toBe(true);
    expect(validRange({ from: '2026-12-02', to: '2026-12-01' })).toBe(false);
    expect(validRange({ from: '', to: '2026-12-01' })).toBe(false);
  });
});

describe('sorting', () => {
  const rows = [
    { key: 'a', rate: 0.5 },
    { key: 'b', rate: null },
    { key: 'c', rate: 0.1 },
    { key: 'd', rate: 0.9 },
  ];
  const value = (r: (typeof rows)[number], c: 'key' | 'rate') => r[c];
  it('sorts numbers both ways and always puts missing values last', () => {
    expect(sortRows(rows, { column: 'rate', direction: 'descending' }, value).map((r) => r.key)).toEqual(['d', 'a', 'c', 'b']);
    expect(sortRows(rows, { column: 'rate', direction: 'ascending' }, value).map((r) => r.key)).toEqual(['c', 'a', 'd', 'b']);
    expect(sortRows(rows, { column: 'key', direction: 'descending' }, value).map((r) => r.key)).toEqual(['d', 'c', 'b', 'a']);
  });
  it('flips the sorted column, starts another at its natural direction', () => {
    expect(nextSort({ column: 'rate', direction: 'descending' }, 'rate', 'descending')).toEqual({ column: 'rate', direction: 'ascending' });
    expect(nextSort({ column: 'rate', direction: 'descending' }, 'cost', 'ascending')).toEqual({ column: 'cost', direction: 'ascending' });
  });
});

describe('chart arithmetic', () => {
  it('rounds the top of the scale up to a nice number', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(12)).toBe(20);
    expect(niceMax(230)).toBe(250);
    expect(niceMax(1000)).toBe(1000);
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
  });
  it('places a series in the plot area, bottom = 0, top = the scale', () => {
    const box = { width: 110, height: 60, left: 10, right: 0, top: 10, bottom: 0 };
    expect(points([0, 5, 10], 10, box)).toEqual([
      [10, 60],
      [60, 35],
      [110, 10],
    ]);
    expect(points([4], 10, box)).toEqual([[60, 40]]);
  });
  it('keeps a non-zero funnel step visible and an empty one empty', () => {
    expect(barWidth(1000, 1000)).toBe(360);
    expect(barWidth(1, 100000)).toBe(2);
    expect(barWidth(0, 10)).toBe(0);
  });
});

describe('trend arrows', () => {
  it('reads the change: up, down, none to compare with, and cost per SQL rising as bad', () => {
    expect(trendOf('leads', { leads: 0.25 })).toEqual({ fraction: 0.25, direction: 'up', good: true });
    expect(trendOf('sql', { sql: -0.5 })).toEqual({ fraction: -0.5, direction: 'down', good: false });
    expect(trendOf('cost_per_sql', { cost_per_sql: 0.1 })).toEqual({ fraction: 0.1, direction: 'up', good: false });
    expect(trendOf('cost_per_sql', { cost_per_sql: -0.1 })?.good).toBe(true);
    expect(trendOf('leads', { leads: null })).toBeNull();
    expect(trendOf('visit_to_lead', { leads: 1 })).toBeUndefined();
  });
});

describe('languages and formats', () => {
  it('speaks pt-BR to any Portuguese browser, English otherwise', () => {
    expect(pickLang(['pt-BR', 'en'])).toBe('pt-BR');
    expect(pickLang(['pt-PT'])).toBe('pt-BR');
    expect(pickLang(['de-DE', 'en-GB'])).toBe('en');
    expect(pickLang(['fr'])).toBe('en');
  });
  it('has every English key in pt-BR, and no string left in English where a translation belongs', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v == 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(ptBR).sort()).toEqual(keys(en).sort());
    expect(ptBR.nav.deliveries).not.toBe(en.nav.deliveries);
  });
  it('formats numbers, rates, money and days for the locale, missing values as a dash', () => {
    const us = format('en');
    const br = format('pt-BR');
    expect(us.int(12345)).toBe('12,345');
    expect(br.int(12345)).toBe('12.345');
    expect(us.pct(0.125)).toBe('12.5%');
    expect(br.pct(0.125)).toBe('12,5%');
    expect(us.pct(null)).toBe('—');
    expect(us.change(0.1)).toBe('+10%');
    expect(us.money(12.5, 'USD')).toBe('$12.50');
    expect(br.money(12.5, 'BRL')).toMatch(/^R\$\s12,50$/);
    expect(us.money(3, 'points')).toBe('3 points');
    expect(us.money(null, 'USD')).toBe('—');
    expect(us.day('2026-12-01')).toBe('Dec 1, 2026');
    expect(us.hours(36)).toBe('36 hr');
    expect(us.hours(72)).toBe('3 days');
  });
  it('builds query strings from the set values only', () => {
    expect(query({ a: 'x y', b: '', c: null, d: undefined, e: 0 })).toBe('?a=x+y&e=0');
    expect(query({})).toBe('');
  });
});
