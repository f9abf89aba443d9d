/** GET /v1/admin/trends: the funnel by day or week, and the change against the previous period of equal length. */
import { Hono } from 'hono';
import * as v from 'valibot';
import { trends } from '../../../core/analytics/funnel';
import { INTERVALS } from '../../../core/analytics/range';
import { openDatabase } from '../../../core/db';
import type { AppEnv } from '../../context';
import { errors, json, preflight } from '../../openapi-parts';
import { FilterQuerySchema, RangeQuerySchema, filtersOf, iso, parseQuery, rangeOf } from './analytics-params';
import { FILTER_PARAMETERS, RANGE_PARAMETERS, TOTALS_SCHEMA } from './funnel';
import { adminOperation } from './operation';

export const trendsRoute = new Hono<AppEnv>();

const TrendsQuerySchema = v.object({
  interval: v.optional(v.picklist(INTERVALS, `must be one of ${INTERVALS.join(', ')}`), 'day'),
  ...RangeQuerySchema.entries,
  ...FilterQuerySchema.entries,
});

trendsRoute.get('/trends', async function getTrends(c) {
  const query = parseQuery(TrendsQuerySchema, c.req.query());
  const range = rangeOf(query, Date.now());
  const result = await trends(openDatabase(c.env.DB), c.get('tenant').id, range, query.interval, filtersOf(query));
  return c.json({
    interval: query.interval,
    from: iso(range.from),
    to: iso(range.to),
    points: result.points.map((point) => ({ ...point, period_start: iso(point.period_start) })),
    current: result.current,
    previous: result.previous,
    change: result.change,
  });
});

const CHANGE_KEYS = ['visits', 'visitors', 'leads', 'mql', 'sql', 'mql_to_sql', 'cost_per_sql'];
const count = { type: 'integer', minimum: 0 };

export function trendsPaths() {
  const interval = { name: 'interval', in: 'query', required: false, schema: { type: 'string', enum: [...INTERVALS], default: 'day' } };
  return {
    '/v1/admin/trends': {
      get: adminOperation({
        summary: 'The funnel by day or ISO week, with the change against the previous period of equal length',
        parameters: [interval, ...RANGE_PARAMETERS, ...FILTER_PARAMETERS],
        responses: {
          '200': json('Points, the two periods, and the change (a fraction, null when the previous value is 0)', {
            type: 'object',
            required: ['interval', 'from', 'to', 'points', 'current', 'previous', 'change'],
            properties: {
              interval: { type: 'string', enum: [...INTERVALS] },
              from: { type: 'string', format: 'date-time' },
              to: { type: 'string', format: 'date-time' },
              points: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['period_start', 'visits', 'visitors', 'leads', 'mql', 'sql'],
                  properties: {
                    period_start: { type: 'string', format: 'date-time' },
                    visits: count,
                    visitors: count,
                    leads: count,
                    mql: count,
                    sql: count,
                  },
                },
              },
              current: TOTALS_SCHEMA,
              previous: TOTALS_SCHEMA,
              change: {
                type: 'object',
                required: CHANGE_KEYS,
                properties: Object.fromEntries(CHANGE_KEYS.map((key) => [key, { type: ['number', 'null'] }])),
              },
            },
          }),
          ...errors(400),
        },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}
