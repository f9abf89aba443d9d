/**
 * GET /v1/admin/breakdown?by=… (the campaign table; by=variant: the widget's conversions by variant) and
 * GET /v1/admin/breakdown.csv (the same rows as CSV, safe to open in a spreadsheet).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import { csvLine } from '../../../core/analytics/csv';
import { DIMENSIONS } from '../../../core/analytics/dimensions';
import { breakdown } from '../../../core/analytics/funnel';
import { openDatabase } from '../../../core/db';
import type { AppEnv } from '../../context';
import { errors, json, preflight } from '../../openapi-parts';
import { FilterQuerySchema, RangeQuerySchema, filtersOf, iso, parseQuery, rangeOf } from './analytics-params';
import { FILTER_PARAMETERS, METRIC_PROPERTIES, RANGE_PARAMETERS } from './funnel';
import { adminOperation } from './operation';

export const breakdownRoute = new Hono<AppEnv>();

const BreakdownQuerySchema = v.object({
  by: v.picklist(DIMENSIONS, `must be one of ${DIMENSIONS.join(', ')}`),
  ...RangeQuerySchema.entries,
  ...FilterQuerySchema.entries,
});

async function rowsOf(c: { env: Env; get(key: 'tenant'): { id: string }; req: { query(): Record<string, string> } }) {
  const query = parseQuery(BreakdownQuerySchema, c.req.query());
  const range = rangeOf(query, Date.now());
  const rows = await breakdown(openDatabase(c.env.DB), c.get('tenant').id, range, query.by, filtersOf(query));
  return { by: query.by, range, rows };
}

breakdownRoute.get('/breakdown', async function getBreakdown(c) {
  const { by, range, rows } = await rowsOf(c);
  return c.json({ by, from: iso(range.from), to: iso(range.to), rows });
});

const CSV_COLUMNS = ['key', ...(Object.keys(METRIC_PROPERTIES) as (keyof typeof METRIC_PROPERTIES)[])] as const;

breakdownRoute.get('/breakdown.csv', async function getBreakdownCsv(c) {
  const { by, range, rows } = await rowsOf(c);
  const header = csvLine([by, ...CSV_COLUMNS.slice(1)]);
  const body = header + rows.map((row) => csvLine(CSV_COLUMNS.map((column) => row[column]))).join('');
  return c.body(body, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="leadtrail-${by}-${iso(range.from).slice(0, 10)}-${iso(range.to).slice(0, 10)}.csv"`,
  });
});

export const BREAKDOWN_ROW = {
  type: 'object',
  required: ['key', ...Object.keys(METRIC_PROPERTIES)],
  properties: { key: { type: ['string', 'null'] }, ...METRIC_PROPERTIES },
};

export function breakdownPaths() {
  const by = { name: 'by', in: 'query', required: true, schema: { type: 'string', enum: [...DIMENSIONS] } };
  const parameters = [by, ...RANGE_PARAMETERS, ...FILTER_PARAMETERS];
  return {
    '/v1/admin/breakdown': {
      get: adminOperation({
        summary: 'The funnel per campaign, channel, source, landing page or widget variant (the campaign table)',
        parameters,
        responses: {
          '200': json('One row per value (key null: without one), most visits first', {
            type: 'object',
            required: ['by', 'from', 'to', 'rows'],
            properties: {
              by: { type: 'string', enum: [...DIMENSIONS] },
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              rows: { type: 'array', items: BREAKDOWN_ROW },
            },
          }),
          ...errors(400),
        },
      }),
      options: preflight('GET with Authorization'),
    },
    '/v1/admin/breakdown.csv': {
      get: adminOperation({
        summary: 'The breakdown as CSV (header row always; cells a spreadsheet would run as formulas are quoted with a leading apostrophe)',
        parameters,
        responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(400) },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}
