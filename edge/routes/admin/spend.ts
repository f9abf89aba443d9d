/**
 * Ad spend: POST /v1/admin/spend (role admin) imports JSON rows or a CSV export (generic, Google Ads, Meta); GET
 * lists what is stored. A bad row refuses the whole import: 400 validation_failed, details { row, column, message }.
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { dayOf } from '../../../core/analytics/range';
import { type SpendCursor, importSpend, listSpend } from '../../../core/analytics/spend-store';
import {
  SPEND_FORMATS,
  SpendJsonSchema,
  type SpendRow,
  SpendRowError,
  combineRows,
  rowsFromCsv,
  rowsFromJson,
} from '../../../core/analytics/spend-rows';
import { openDatabase } from '../../../core/db';
import { AppError, clip } from '../../../core/errors';
import type { AppEnv } from '../../context';
import { adminPrincipal, requireAdminRole } from '../../middleware/admin-auth';
import { errors, json, preflight } from '../../openapi-parts';
import { RangeQuerySchema, parseQuery, rangeOf } from './analytics-params';
import { decodeCursor, encodeCursor, LimitSchema } from './cursor';
import { adminOperation } from './operation';

export const spendRoute = new Hono<AppEnv>();

const MAX_BODY_BYTES = 5_000_000;

const ImportQuerySchema = v.object({
  format: v.optional(v.picklist(SPEND_FORMATS, `must be one of ${SPEND_FORMATS.join(', ')}`), 'generic'),
  source: v.optional(v.pipe(v.string(), v.maxLength(200))),
});

function rowError(row: number, column: string, message: string): AppError {
  return new AppError('validation_failed', row > 0 ? `row ${row}, ${column}: ${message}` : `${column}: ${message}`, {
    details: { row, column, message: clip(message) },
  });
}

/** Exports come as UTF-8 (with or without a BOM) or, from Google Ads' "CSV for Excel", UTF-16LE with a BOM. */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

async function rowsOfRequest(
  c: { req: { header(name: string): string | undefined; arrayBuffer(): Promise<ArrayBuffer>; query(): Record<string, string> } },
  currency: string,
): Promise<SpendRow[]> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw new AppError('payload_too_large', `a spend import is at most ${MAX_BODY_BYTES} bytes`);
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(decodeText(bytes));
    } catch {
      throw new AppError('invalid_json', 'the body is not JSON');
    }
    const parsed = v.safeParse(SpendJsonSchema, body);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = issue?.path?.map((item) => String(item.key)) ?? [];
      const row = path[0] === 'rows' && path[1] !== undefined ? Number(path[1]) + 1 : 0;
      throw rowError(row, path[2] ?? path[0] ?? 'body', issue?.message ?? 'invalid');
    }
    return rowsFromJson(parsed.output, currency);
  }
  if (type === 'text/csv' || type === 'text/plain') {
    const query = parseQuery(ImportQuerySchema, c.req.query());
    return rowsFromCsv(decodeText(bytes), query.format, currency, query.source);
  }
  throw new AppError('unsupported_media_type', 'send application/json ({ rows: [...] }) or text/csv (?format=generic|google_ads|meta)');
}

spendRoute.post('/spend', requireAdminRole, async function importSpendRows(c) {
  const tenant = c.get('tenant');
  const currency = tenant.console?.currency ?? 'USD';
  try {
    const rows = combineRows(await rowsOfRequest(c, currency));
    const result = await importSpend(openDatabase(c.env.DB), tenant.id, rows, adminPrincipal(c).subject, Date.now());
    return c.json(result);
  } catch (error) {
    if (error instanceof SpendRowError) throw rowError(error.row, error.column, error.message);
    throw error;
  }
});

const ListQuerySchema = v.object({
  ...RangeQuerySchema.entries,
  campaign: v.optional(v.pipe(v.string(), v.maxLength(500))),
  limit: LimitSchema,
  cursor: v.optional(v.string()),
});

const SpendCursorSchema = v.tuple([v.string(), v.string(), v.string()]);

spendRoute.get('/spend', async function listSpendRows(c) {
  const query = parseQuery(ListQuerySchema, c.req.query());
  const range = rangeOf(query, Date.now());
  const after: SpendCursor | undefined = query.cursor === undefined ? undefined : decodeCursor(query.cursor, SpendCursorSchema);
  const page = await listSpend(openDatabase(c.env.DB), c.get('tenant').id, {
    fromDay: dayOf(range.from),
    toDay: dayOf(range.to),
    ...(query.campaign === undefined ? {} : { campaign: query.campaign }),
    limit: query.limit,
    ...(after ? { after } : {}),
  });
  return c.json({ rows: page.rows, next_cursor: page.next === null ? null : encodeCursor(page.next) });
});

const SPEND_ROW = {
  type: 'object',
  required: ['date', 'campaign', 'source', 'cost', 'currency'],
  properties: {
    date: { type: 'string', format: 'date' },
    campaign: { type: 'string' },
    source: { type: ['string', 'null'] },
    cost: { type: 'number', minimum: 0 },
    currency: { type: 'string' },
  },
};

export function spendPaths() {
  const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });
  return {
    '/v1/admin/spend': {
      get: adminOperation({
        summary: 'Imported ad spend, newest day first',
        parameters: [
          query('from', 'YYYY-MM-DD'),
          query('to', 'YYYY-MM-DD'),
          query('campaign', 'exact campaign'),
          query('limit', '1-200, default 50'),
          query('cursor', 'next_cursor of the previous page'),
        ],
        responses: {
          '200': json('A page of spend rows', {
            type: 'object',
            required: ['rows', 'next_cursor'],
            properties: { rows: { type: 'array', items: SPEND_ROW }, next_cursor: { type: ['string', 'null'] } },
          }),
          ...errors(400),
        },
      }),
      post: adminOperation({
        summary: 'Import ad spend per day and campaign (role admin): JSON rows, or a CSV export (generic, google_ads, meta)',
        parameters: [
          query('format', 'for text/csv: generic (default), google_ads or meta'),
          query('source', 'for text/csv: the source stored with the rows (default: google for google_ads, facebook for meta)'),
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['rows'],
                properties: {
                  rows: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['date', 'campaign', 'cost'],
                      properties: {
                        date: { type: 'string', format: 'date' },
                        campaign: { type: 'string' },
                        cost: { type: ['number', 'string'] },
                        currency: { type: 'string' },
                        source: { type: 'string' },
                      },
                    },
                  },
                },
              },
            },
            'text/csv': { schema: { type: 'string' } },
          },
        },
        responses: {
          '200': json('Imported (rows with an existing date, campaign and source replaced them)', {
            type: 'object',
            required: ['imported', 'replaced'],
            properties: { imported: { type: 'integer', minimum: 0 }, replaced: { type: 'integer', minimum: 0 } },
          }),
          ...errors(400, 413, 415),
        },
      }),
      options: preflight('GET, POST with Authorization'),
    },
  };
}
