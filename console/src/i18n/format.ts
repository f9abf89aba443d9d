/**
 * Numbers, money, rates, durations and dates in the chosen language (Intl), one place. Missing values (null:
 * a rate over zero, no spend) read as a dash, never as 0 or NaN.
 */
import type { Lang } from './lang';

export interface Format {
  int(n: number | null | undefined): string;
  decimal(n: number | null | undefined): string;
  pct(fraction: number | null | undefined): string;
  /** A signed change, e.g. +12.5 %. */
  change(fraction: number): string;
  money(n: number | null | undefined, currency: string | null | undefined): string;
  hours(h: number | null | undefined): string;
  seconds(s: number | null | undefined): string;
  /** A calendar day given as YYYY-MM-DD or an ISO instant, read in UTC (the API's days are UTC days). */
  day(iso: string): string;
  dateTime(iso: string | null | undefined): string;
}

const DASH = '—';

export function format(lang: Lang): Format {
  const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const change = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const unit = (u: 'hour' | 'day' | 'minute' | 'second') =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  const money = new Map<string, Intl.NumberFormat>();
  const moneyIn = (currency: string): Intl.NumberFormat | null => {
    if (!money.has(currency)) {
      try {
        money.set(currency, new Intl.NumberFormat(lang, { style: 'currency', currency }));
      } catch {
        return null; // not an ISO 4217 code: shown as a number and the code
      }
    }
    return money.get(currency) ?? null;
  };
  const known = (n: number | null | undefined): n is number => typeof n == 'number' && Number.isFinite(n);
  return {
    int: (n) => (known(n) ? int.format(n) : DASH),
    decimal: (n) => (known(n) ? decimal.format(n) : DASH),
    pct: (f) => (known(f) ? pct.format(f) : DASH),
    change: (f) => change.format(f),
    money: (n, currency) => {
      if (!known(n)) return DASH;
      const formatter = currency ? moneyIn(currency) : null;
      return formatter ? formatter.format(n) : `${decimal.format(n)}${currency ? ` ${currency}` : ''}`;
    },
    hours: (h) => {
      if (!known(h)) return DASH;
      if (h < 1) return unit('minute').format(h * 60);
      return h < 48 ? unit('hour').format(h) : unit('day').format(h / 24);
    },
    seconds: (s) => {
      if (!known(s)) return DASH;
      if (s < 120) return unit('second').format(s);
      return s < 7200 ? unit('minute').format(s / 60) : unit('hour').format(s / 3600);
    },
    day: (iso) => {
      const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
      return Number.isNaN(date.getTime()) ? iso : day.format(date);
    },
    dateTime: (iso) => {
      if (!iso) return DASH;
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
    },
  };
}
