/** GET /v1/admin/funnel: the tenant's funnel over a range, optionally filtered by attribution (README, Console). */
import { Hono } from 'hono';
import * as v from 'valibot';
import { funnel } from '../../../core/analytics/funnel';
import { openDatabase } from '../../../core/db';
import type { AppEnv } from '../../context';
import { json, preflight } from '../../openapi-parts';
import { FilterQuerySchema, RangeQuerySchema, filtersOf, iso, parseQuery, rangeOf } from './analytics-params';
import { adminOperation } from './operation';

export const funnelRoute = new Hono<AppEnv>();

const FunnelQuerySchema = v.object({ ...RangeQuerySchema.entries, ...FilterQuerySchema.entries });

funnelRoute.get('/funnel', async function getFunnel(c) {
  const query = parseQuery(FunnelQuerySchema, c.req.query());
  const range = rangeOf(query, Date.now());
  const totals = await funnel(openDatabase(c.env.DB), c.get('tenant').id, range, filtersOf(query));
  return c.json({ from: iso(range.from), to: iso(range.to), ...totals });
});

const count = { type: 'integer', minimum: 0 };
const fraction = { type: ['number', 'null'], minimum: 0 };
const money = { type: ['number', 'null'], minimum: 0 };

/** The metrics of a funnel or a breakdown row (README, Console: definitions). */
export const METRIC_PROPERTIES = {
  visits: count,
  visitors: count,
  leads: count,
  mql: count,
  sql: count,
  visit_to_lead: fraction,
  lead_to_mql: fraction,
  mql_to_sql: fraction,
  median_hours_to_sql: { type: ['number', 'null'], minimum: 0 },
  spend: money,
  cost_per_lead: money,
  cost_per_mql: money,
  cost_per_sql: money,
};

export const TOTALS_SCHEMA = {
  type: 'object',
  required: [...Object.keys(METRIC_PROPERTIES), 'currency'],
  properties: { ...METRIC_PROPERTIES, currency: { type: ['string', 'null'] } },
};

const param = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });

export const RANGE_PARAMETERS = [
  param('from', 'YYYY-MM-DD (UTC day) or ISO datetime; default 29 days before `to`'),
  param('to', 'YYYY-MM-DD (inclusive) or ISO datetime; default today'),
];

export const FILTER_PARAMETERS = [
  param('campaign', 'utm_campaign (visits: the visit’s own touch; leads: first touch)'),
  param('channel', 'derived channel, e.g. paid_search'),
  param('source', 'utm_source'),
  param('landing_page', 'landing URL without query string or fragment'),
  param('variant', 'widget A/B variant'),
];

export function funnelPaths() {
  return {
    '/v1/admin/funnel': {
      get: adminOperation({
        summary: 'The funnel: visits, visitors, leads, MQL, SQL, rates, time to SQL, spend and cost per stage',
        parameters: [...RANGE_PARAMETERS, ...FILTER_PARAMETERS],
        responses: {
          '200': json('The funnel over the range', {
            ...TOTALS_SCHEMA,
            required: ['from', 'to', ...TOTALS_SCHEMA.required],
            properties: {
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              ...TOTALS_SCHEMA.properties,
            },
          }),
          '400': {
            description: 'Bad query (validation_failed)',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}
