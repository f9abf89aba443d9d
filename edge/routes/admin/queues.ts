import { Hono } from 'hono';
import { HEALTH_QUEUES, queueHealth } from '../../../core/admin/queue-health';
import { openDatabase } from '../../../core/db';
import { DESTINATIONS } from '../../../core/messages';
import type { AppEnv } from '../../context';
import { json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';

/** GET /v1/admin/queues: what LeadTrail knows of its queues for this tenant (core/admin/queue-health.ts). */
export const queuesRoute = new Hono<AppEnv>();

queuesRoute.get('/', async function health(c) {
  return c.json(await queueHealth(openDatabase(c.env.DB), c.get('tenant')));
});

const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

export function queuesPaths() {
  return {
    '/v1/admin/queues': {
      get: adminOperation({
        summary: 'Queue health from D1: per queue the tenant’s backlog, oldest age and open dead letters; per destination the last success',
        description:
          'The Cloudflare queues are shared by all tenants and a Worker cannot count one tenant’s messages in them: `backlog` counts what ' +
          'LeadTrail records (`backlog_of`). The account-wide backlog is in the GraphQL Analytics API (queueBacklogAdaptiveGroups).',
        responses: {
          '200': json('Queue health', {
            type: 'object',
            required: ['queues', 'destinations'],
            properties: {
              generated_at: { type: 'string', format: 'date-time' },
              queues: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['queue', 'backlog', 'oldest_age_seconds', 'dead_letters_open'],
                  properties: {
                    queue: { enum: [...HEALTH_QUEUES] },
                    backlog_of: { enum: ['lead_changes_not_fanned_out', 'unfinished_deliveries'] },
                    backlog: { type: 'integer', minimum: 0 },
                    oldest_age_seconds: { type: ['integer', 'null'], minimum: 0 },
                    in_flight: { type: 'integer', minimum: 0 },
                    dead_letters_open: { type: 'integer', minimum: 0 },
                    last_activity_at: nullableDateTime,
                  },
                },
              },
              destinations: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['destination', 'target', 'last_success_at', 'failures_24h', 'dead_letters_open'],
                  properties: {
                    destination: { enum: [...DESTINATIONS] },
                    target: { type: 'integer', minimum: 0 },
                    label: { type: 'string' },
                    configured: { type: 'boolean' },
                    queue: { enum: ['chatwoot', 'crm', 'notify'] },
                    last_success_at: nullableDateTime,
                    failures_24h: { type: 'integer', minimum: 0 },
                    unfinished: { type: 'integer', minimum: 0 },
                    dead_letters_open: { type: 'integer', minimum: 0 },
                  },
                },
              },
            },
          }),
        },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}
