/** GET /v1/admin/alerts: what the alerts cron found, newest first (README, Console: alerts). */
import { Hono } from 'hono';
import * as v from 'valibot';
import { type AlertCursor, listAlerts } from '../../../core/alerts/store';
import { openDatabase } from '../../../core/db';
import { ALERT_KINDS } from '../../../core/schema';
import type { AppEnv } from '../../context';
import { errors, json, preflight } from '../../openapi-parts';
import { parseQuery } from './analytics-params';
import { LimitSchema, decodeCursor, encodeCursor } from './cursor';
import { adminOperation } from './operation';

export const alertsRoute = new Hono<AppEnv>();

const AlertsQuerySchema = v.object({ limit: LimitSchema, cursor: v.optional(v.string()) });
const AlertCursorSchema = v.tuple([v.number(), v.string()]);

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

alertsRoute.get('/alerts', async function getAlerts(c) {
  const query = parseQuery(AlertsQuerySchema, c.req.query());
  const after: AlertCursor | undefined = query.cursor === undefined ? undefined : decodeCursor(query.cursor, AlertCursorSchema);
  const page = await listAlerts(openDatabase(c.env.DB), c.get('tenant').id, { limit: query.limit, ...(after ? { after } : {}) });
  return c.json({
    alerts: page.alerts.map((alert) => ({
      id: alert.id,
      kind: alert.kind,
      campaign: alert.campaign,
      current: alert.current,
      previous: alert.previous,
      threshold: alert.threshold,
      window_start: iso(alert.window_start),
      window_end: iso(alert.window_end),
      created_at: iso(alert.created_at),
      notified_at: iso(alert.notified_at),
    })),
    next_cursor: page.next === null ? null : encodeCursor(page.next),
  });
});

export function alertsPaths() {
  const query = (name: string, description: string) => ({ name, in: 'query', required: false, schema: { type: 'string' }, description });
  const dateTime = { type: 'string', format: 'date-time' };
  return {
    '/v1/admin/alerts': {
      get: adminOperation({
        summary: 'Alerts of the daily check: a campaign’s MQL→SQL drop or cost-per-SQL rise, and bot spikes',
        parameters: [query('limit', '1-200, default 50'), query('cursor', 'next_cursor of the previous page')],
        responses: {
          '200': json('Newest first', {
            type: 'object',
            required: ['alerts', 'next_cursor'],
            properties: {
              alerts: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'kind', 'campaign', 'current', 'previous', 'threshold', 'created_at', 'notified_at'],
                  properties: {
                    id: { type: 'string' },
                    kind: { type: 'string', enum: [...ALERT_KINDS] },
                    campaign: { type: ['string', 'null'] },
                    current: { type: 'number' },
                    previous: { type: ['number', 'null'] },
                    threshold: { type: 'number' },
                    window_start: dateTime,
                    window_end: dateTime,
                    created_at: dateTime,
                    notified_at: { type: ['string', 'null'], format: 'date-time' },
                  },
                },
              },
              next_cursor: { type: ['string', 'null'] },
            },
          }),
          ...errors(400),
        },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}
