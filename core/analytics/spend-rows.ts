/**
 * Ad spend rows from JSON or from a CSV export (README, Console: ad spend). Every row is checked; the first bad
 * one stops the import with its 1-based data row, column and a message (SpendRowError), so nothing is half-imported.
 *
 * Formats (header names compared case-insensitively, surrounding spaces ignored):
 *  - generic:    date, campaign, cost, currency (optional), source (optional)
 *  - google_ads: a Google Ads campaign report with the "Day" segment: Day, Campaign, Cost, Currency code (optional);
 *                the title and date-range lines above the header and the "Total: …" lines below are skipped;
 *                source "google"
 *  - meta:       a Meta Ads Manager export broken down by day: Reporting starts, Reporting ends (optional, must equal
 *                the start), Campaign name, "Amount spent (XXX)" (the currency in the header) or Amount spent +
 *                Currency; source "facebook"
 * Numbers: "." is the decimal point; "," is accepted only as a thousands separator in groups of three
 * ("1,234.56"); a currency symbol, a negative amount or a decimal comma is refused. Dates: YYYY-MM-DD.
 * Rows with the same (date, campaign, source) in one import are added up (an ad-set level export sums to its campaign).
 */
import * as v from 'valibot';
import { parseCsv } from './csv';

export const SPEND_FORMATS = ['generic', 'google_ads', 'meta'] as const;
export type SpendFormat = (typeof SPEND_FORMATS)[number];

export const MAX_SPEND_ROWS = 10_000;

export interface SpendRow {
  date: string;
  campaign: string;
  source: string;
  costMicros: number;
  currency: string;
}

export class SpendRowError extends Error {
  constructor(
    readonly row: number,
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'SpendRowError';
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AMOUNT = /^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,6})?$/;
const CURRENCY = /^[A-Z]{3}$/;

export function parseDate(value: string, row: number, column: string): string {
  const text = value.trim();
  const match = DATE.exec(text);
  const valid = match !== null && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
  if (!valid) throw new SpendRowError(row, column, `"${text.slice(0, 40)}" is not a date (YYYY-MM-DD)`);
  return text;
}

export function parseAmount(value: string | number, row: number, column: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new SpendRowError(row, column, 'must be a number ≥ 0');
    return Math.round(value * 1_000_000);
  }
  const text = value.trim();
  if (!AMOUNT.test(text))
    throw new SpendRowError(row, column, `"${text.slice(0, 40)}" is not an amount (digits, "." for decimals, "," only between thousands)`);
  const [units = '0', fraction = ''] = text.replaceAll(',', '').split('.');
  return Number(units) * 1_000_000 + Number(fraction.padEnd(6, '0'));
}

function parseCurrency(value: string, row: number, column: string): string {
  const text = value.trim().toUpperCase();
  if (!CURRENCY.test(text)) throw new SpendRowError(row, column, `"${value.slice(0, 20)}" is not an ISO 4217 currency code`);
  return text;
}

function parseCampaign(value: string, row: number, column: string): string {
  const text = value.trim();
  if (text === '' || text.length > 500) throw new SpendRowError(row, column, 'must be a campaign name (1-500 characters)');
  return text;
}

export const SpendJsonSchema = v.object({
  rows: v.pipe(
    v.array(
      v.object({
        date: v.string(),
        campaign: v.string(),
        cost: v.union([v.number(), v.string()]),
        currency: v.optional(v.string()),
        source: v.optional(v.pipe(v.string(), v.maxLength(200))),
      }),
    ),
    v.minLength(1, 'at least one row'),
    v.maxLength(MAX_SPEND_ROWS, `at most ${MAX_SPEND_ROWS} rows per import`),
  ),
});
export type SpendJson = v.InferOutput<typeof SpendJsonSchema>;

export function rowsFromJson(body: SpendJson, defaultCurrency: string): SpendRow[] {
  return body.rows.map((item, index) => {
    const row = index + 1;
    return {
      date: parseDate(item.date, row, 'date'),
      campaign: parseCampaign(item.campaign, row, 'campaign'),
      source: (item.source ?? '').trim(),
      costMicros: parseAmount(item.cost, row, 'cost'),
      currency: item.currency === undefined ? defaultCurrency : parseCurrency(item.currency, row, 'currency'),
    };
  });
}

interface Layout {
  /** Header cell (lower case) → the field it fills. */
  find(header: readonly string[]): Columns | null;
  source: string;
  missing: string;
}

interface Columns {
  date: number;
  end?: number;
  campaign: number;
  cost: number;
  costColumn: string;
  currency?: number;
  headerCurrency?: string;
  source?: number;
}

const at = (header: readonly string[], name: string) => {
  const index = header.indexOf(name);
  return index === -1 ? undefined : index;
};

const LAYOUTS: Record<SpendFormat, Layout> = {
  generic: {
    source: '',
    missing: 'date, campaign, cost (currency, source optional)',
    find(header) {
      const date = at(header, 'date');
      const campaign = at(header, 'campaign');
      const cost = at(header, 'cost');
      if (date === undefined || campaign === undefined || cost === undefined) return null;
      return { date, campaign, cost, costColumn: 'cost', currency: at(header, 'currency'), source: at(header, 'source') };
    },
  },
  google_ads: {
    source: 'google',
    missing: 'Day, Campaign, Cost (Currency code optional)',
    find(header) {
      const date = at(header, 'day');
      const campaign = at(header, 'campaign');
      const cost = at(header, 'cost');
      if (date === undefined || campaign === undefined || cost === undefined) return null;
      return { date, campaign, cost, costColumn: 'Cost', currency: at(header, 'currency code') ?? at(header, 'currency') };
    },
  },
  meta: {
    source: 'facebook',
    missing: 'Reporting starts, Campaign name, Amount spent (XXX)',
    find(header) {
      const date = at(header, 'reporting starts');
      const campaign = at(header, 'campaign name');
      const costIndex = header.findIndex((name) => /^amount spent( \([a-z]{3}\))?$/.test(name));
      if (date === undefined || campaign === undefined || costIndex === -1) return null;
      const inHeader = /\(([a-z]{3})\)$/.exec(header[costIndex] ?? '')?.[1];
      return {
        date,
        end: at(header, 'reporting ends'),
        campaign,
        cost: costIndex,
        costColumn: header[costIndex] ?? 'amount spent',
        currency: at(header, 'currency'),
        ...(inHeader ? { headerCurrency: inHeader.toUpperCase() } : {}),
      };
    },
  },
};

/** Google Ads appends "Total: Account", "Total: Campaigns", … lines after the data. */
const isTotal = (cells: readonly string[]) => cells.some((cell) => /^total\b/i.test(cell.trim()));

export function rowsFromCsv(text: string, format: SpendFormat, defaultCurrency: string, sourceOverride?: string): SpendRow[] {
  const table = parseCsv(text);
  const layout = LAYOUTS[format];
  // The header is the first line that names the format's columns (Google Ads puts a title and the dates above it).
  let columns: Columns | null = null;
  let headerIndex = -1;
  for (let i = 0; i < Math.min(table.length, 10) && columns === null; i++) {
    columns = layout.find((table[i] ?? []).map((cell) => cell.trim().toLowerCase()));
    headerIndex = i;
  }
  if (columns === null) throw new SpendRowError(0, 'header', `no header with the ${format} columns: ${layout.missing}`);
  const data = table.slice(headerIndex + 1).filter((cells) => !isTotal(cells));
  if (data.length === 0) throw new SpendRowError(0, 'header', 'no data rows under the header');
  if (data.length > MAX_SPEND_ROWS) throw new SpendRowError(MAX_SPEND_ROWS + 1, 'row', `at most ${MAX_SPEND_ROWS} rows per import`);
  const found = columns;
  return data.map((cells, index) => {
    const row = index + 1;
    const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? ''));
    const date = parseDate(cell(found.date), row, format === 'meta' ? 'Reporting starts' : format === 'google_ads' ? 'Day' : 'date');
    if (found.end !== undefined && cell(found.end).trim() !== '' && cell(found.end).trim() !== date)
      throw new SpendRowError(row, 'Reporting ends', 'a row must cover one day (export with the breakdown By time → Day)');
    const currencyCell = cell(found.currency).trim();
    const currency =
      currencyCell !== ''
        ? parseCurrency(currencyCell, row, format === 'google_ads' ? 'Currency code' : 'currency')
        : (found.headerCurrency ?? defaultCurrency);
    // Google Ads shows "--" for a campaign without cost on a day.
    const rawCost = cell(found.cost).trim();
    return {
      date,
      campaign: parseCampaign(
        cell(found.campaign),
        row,
        format === 'meta' ? 'Campaign name' : format === 'google_ads' ? 'Campaign' : 'campaign',
      ),
      source: (sourceOverride ?? (found.source === undefined ? layout.source : cell(found.source))).trim(),
      costMicros: rawCost === '--' ? 0 : parseAmount(rawCost, row, found.costColumn),
      currency,
    };
  });
}

/** Same (date, campaign, source) in one import: added up; one import has one currency. */
export function combineRows(rows: readonly SpendRow[]): SpendRow[] {
  const combined = new Map<string, SpendRow>();
  rows.forEach((row, index) => {
    const first = rows[0];
    if (first && row.currency !== first.currency)
      throw new SpendRowError(
        index + 1,
        'currency',
        `${row.currency} differs from the import's ${first.currency}: one currency per tenant`,
      );
    const key = JSON.stringify([row.date, row.campaign, row.source]);
    const known = combined.get(key);
    if (known) known.costMicros += row.costMicros;
    else combined.set(key, { ...row });
  });
  return [...combined.values()];
}
