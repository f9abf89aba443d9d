/**
 * The console's lead export (GET /v1/admin/leads.csv): the list's filters, every matching lead, paged internally
 * (MAX_LIMIT rows per query) into a stream, at most MAX_EXPORT_ROWS. RFC 4180: CRLF line ends, a header row
 * always, fields with a comma, quote or line break quoted with doubled quotes. Formula-injection safe: a text
 * cell starting with = + - @ (or a tab / carriage return) gets a leading ' so a spreadsheet shows it as text.
 */
import type { Database } from '../../db';
import type { Touch } from '../../events';
import { type LeadFilters, MAX_LIMIT } from './filters';
import { listLeads } from './list';
import type { LeadSummary } from './summary';

export const MAX_EXPORT_ROWS = 100_000;

const TOUCH_COLUMNS = ['channel', 'source', 'medium', 'campaign', 'landing_page'] as const;

export const CSV_HEADER = [
  'id',
  'email',
  'name',
  'phone',
  'score',
  'stage',
  ...TOUCH_COLUMNS.map((column) => `first_touch_${column}`),
  ...TOUCH_COLUMNS.map((column) => `last_touch_${column}`),
  'first_seen',
  'last_seen',
  'country',
  'variant',
];

/** One CSV field: numbers as they are, text defused against formulas, then quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

function touchFields(touch: Touch | null): (string | null)[] {
  return [
    touch?.channel ?? null,
    touch?.utm_source ?? null,
    touch?.utm_medium ?? null,
    touch?.utm_campaign ?? null,
    touch?.landing_url ?? null,
  ];
}

export function leadCsvLine(lead: LeadSummary): string {
  return csvLine([
    lead.id,
    lead.email,
    lead.name,
    lead.phone,
    lead.score,
    lead.stage,
    ...touchFields(lead.first_touch),
    ...touchFields(lead.last_touch),
    lead.first_seen,
    lead.last_seen,
    lead.country,
    lead.variant,
  ]);
}

/** The export as a stream of UTF-8 CSV: the header, then one page of leads per pull. */
export function leadsCsvStream(db: Database, tenantId: string, filters: LeadFilters): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: { lastSeen: number; id: string } | null = null;
  let written = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(CSV_HEADER)));
        return;
      }
      const limit = Math.min(MAX_LIMIT, MAX_EXPORT_ROWS - written);
      const page = limit > 0 ? await listLeads(db, tenantId, filters, { limit, after }) : { leads: [], next_cursor: null };
      if (page.leads.length > 0) controller.enqueue(encoder.encode(page.leads.map(leadCsvLine).join('')));
      written += page.leads.length;
      const last = page.leads[page.leads.length - 1];
      if (page.next_cursor === null || !last) {
        controller.close();
        return;
      }
      after = { lastSeen: Date.parse(last.last_seen), id: last.id };
    },
  });
}
