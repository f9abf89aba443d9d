/**
 * The OpenAPI document of the public HTTP API, served at GET /v1/openapi.json. Request schemas are generated
 * from the same valibot schemas the collector validates with, and edge/openapi.test.ts checks that every
 * route of the app is documented (and nothing else), so the document cannot drift from the code.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { NOT_STORED_REASONS } from '../core/chatwoot/webhook-event';
import { BackfillRequestSchema } from '../core/backfill';
import { ReplayRequestSchema } from '../core/dead-letters-api';
import { EventBatchSchema } from '../core/events';
import { javascript, publicSchemas } from './openapi-public';
import { errorEnvelope, errors, json, preflight } from './openapi-parts';
import { adminPaths, adminSchemas } from './routes/admin/openapi';
import { chatPaths, chatSchemas } from './routes/chat/openapi';

let cached: Record<string, unknown> | undefined;

/** A non-JSON answer (the console's page and bundles): its media type, a string body. */
function text(mediaType: string, description: string) {
  return { description, content: { [mediaType]: { schema: { type: 'string' } } } };
}

export function openApiDocument(): Record<string, unknown> {
  cached ??= {
    openapi: '3.1.0',
    info: { title: 'LeadTrail collector', version: '1.0.0', description: 'The tenant is chosen by the Host header.' },
    paths: {
      '/v1/events': {
        post: {
          summary: 'Collect a batch of events (queued durably before 202)',
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { $ref: '#/components/schemas/EventBatch' } },
              'application/json': { schema: { $ref: '#/components/schemas/EventBatch' } },
            },
          },
          responses: {
            '202': {
              description: 'Accepted (durably queued)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['accepted'],
                    properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' } },
                  },
                },
              },
            },
            ...errors(400, 403, 404, 405, 413, 415, 429, 500, 503),
          },
        },
        options: preflight('POST with content-type'),
      },
      '/v1/config': {
        get: {
          summary: "The tenant's public browser configuration",
          responses: {
            '200': json('Public configuration (widget: null for a tenant without one)', { $ref: '#/components/schemas/PublicConfig' }),
            ...errors(403, 404, 405),
          },
        },
        options: preflight('GET'),
      },
      '/v1/openapi.json': {
        get: {
          summary: 'This document',
          responses: { '200': json('OpenAPI 3.1 document', { $ref: '#/components/schemas/OpenApiDocument' }) },
        },
        options: preflight('GET'),
      },
      '/v1/demo/visitor': {
        get: {
          summary: "The demo's read-back: a visitor's newest 50 raw events and its lead (only tenants with serve_examples)",
          parameters: [
            {
              name: 'tracking_id',
              in: 'query',
              required: false,
              description: 'The visitor; defaults to the _lt_id cookie',
              schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
            },
          ],
          responses: {
            '200': {
              description: 'The stored events (newest first) and the lead, or null when the visitor is no lead (yet, or a bot)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['tracking_id', 'events', 'lead'],
                    properties: {
                      tracking_id: { type: 'string' },
                      events: {
                        type: 'array',
                        maxItems: 50,
                        items: {
                          type: 'object',
                          properties: {
                            event_id: { type: 'string' },
                            type: { type: 'string' },
                            name: { type: ['string', 'null'] },
                            ts: { type: 'integer' },
                            received_at: { type: 'integer' },
                            bot: { type: 'boolean' },
                            event: { type: 'object', description: 'The event as the collector validated it' },
                            request: { type: 'object', description: 'Enrichment: geo, parsed user agent, salted IP hash' },
                          },
                        },
                      },
                      lead: {
                        type: ['object', 'null'],
                        properties: {
                          id: { type: 'string' },
                          email: { type: ['string', 'null'] },
                          phone: { type: ['string', 'null'] },
                          name: { type: ['string', 'null'] },
                          traits: { type: 'object' },
                          first_touch: {},
                          last_touch: {},
                          first_seen: { type: 'integer' },
                          last_seen: { type: 'integer' },
                          touches: { type: 'array', items: { type: 'object' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors(400, 403, 404, 405),
          },
        },
        options: preflight('GET'),
      },
      '/v1/ops/replay': {
        post: {
          summary: 'Operator: re-enqueue dead letters not replayed yet (one id, a destination, or a lead); `npm run replay`',
          description: "Bearer OPS_TOKEN (a secret). The tenant is the Host's; `tenant` in the body must match it when given.",
          security: [{ opsToken: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReplayRequest' } } } },
          responses: {
            '200': {
              description: 'What was re-enqueued',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['tenant', 'replayed', 'failed'],
                    properties: {
                      tenant: { type: 'string' },
                      replayed: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            id: { type: 'string' },
                            queue: { type: 'string' },
                            destination: { type: ['string', 'null'] },
                            lead_id: { type: ['string', 'null'] },
                          },
                        },
                      },
                      failed: { type: 'array', items: { type: 'string' } },
                      failures: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['id', 'error'],
                          properties: { id: { type: 'string' }, error: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
            ...errors(400, 401, 404, 405, 500),
          },
        },
        options: preflight('POST'),
      },
      '/v1/ops/backfill': {
        post: {
          summary: 'Operator-only historical import: timestamped events queued for the normal ingest (npm run seed)',
          description:
            "Bearer OPS_TOKEN. The tenant is the Host's. Events skip the collector's 7-day window; everything else " +
            "(deduplication by event id, scoring, fan-out) is the pipeline's. All or nothing: an invalid message queues nothing.",
          security: [{ opsToken: [] }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/BackfillRequest' } } },
          },
          responses: {
            '202': {
              description: 'Queued',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['tenant', 'queued_messages', 'queued_events'],
                    properties: { tenant: { type: 'string' }, queued_messages: { type: 'integer' }, queued_events: { type: 'integer' } },
                  },
                },
              },
            },
            ...errors(400, 401, 404, 405, 413, 415, 500, 503),
          },
        },
        options: preflight('POST'),
      },
      '/v1/webhooks/chatwoot': {
        post: {
          summary: 'Chatwoot webhook: agent replies and conversation status changes, stored against the lead',
          description:
            "Signed by the account webhook secret named by the tenant's chatwoot.webhook_secret: X-Chatwoot-Signature = " +
            '"sha256=" + hex HMAC-SHA256(secret, "{X-Chatwoot-Timestamp}.{raw body}"), timestamp in Unix seconds, at most ' +
            '300 s from now. Deliveries are deduplicated by X-Chatwoot-Delivery. 404 when the tenant has no webhook secret configured.',
          parameters: [
            { name: 'X-Chatwoot-Signature', in: 'header', required: true, schema: { type: 'string', pattern: '^sha256=[0-9a-fA-F]{64}$' } },
            { name: 'X-Chatwoot-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^[0-9]+$' } },
            { name: 'X-Chatwoot-Delivery', in: 'header', required: true, schema: { type: 'string', maxLength: 128 } },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: { type: 'object', required: ['event'], properties: { event: { type: 'string' } } },
              },
            },
          },
          responses: {
            '200': {
              description: 'Received: stored, a duplicate delivery, or acknowledged without storing (with the reason)',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['stored'],
                    properties: {
                      stored: { type: 'boolean' },
                      duplicate: { type: 'boolean' },
                      ignored: { enum: [...NOT_STORED_REASONS] },
                    },
                  },
                },
              },
            },
            ...errors(400, 401, 403, 404, 405, 413, 500, 503),
          },
        },
        options: preflight('POST'),
      },
      '/healthz': {
        get: {
          summary: 'Liveness with a D1 round trip',
          responses: { '200': json('Healthy', { $ref: '#/components/schemas/Health' }), ...errors(404, 503) },
        },
      },
      '/lt.js': { get: { summary: 'The tracker bundle', responses: { '200': javascript('The tracker'), ...errors(404) } } },
      '/lt-widget.js': { get: { summary: 'The widget bundle', responses: { '200': javascript('The widget'), ...errors(404) } } },
      ...chatPaths(),
      '/console': {
        get: {
          summary: 'The console page (HTML shell; hash routes; strict CSP: its own scripts and styles only); tenants with a console',
          responses: { '200': text('text/html', 'The page'), ...errors(404) },
        },
      },
      '/console/': { get: { summary: 'Redirects to /console', responses: { '308': { description: 'To /console' }, ...errors(404) } } },
      '/console/app.js': {
        get: {
          summary: 'The console bundle (?v=<content hash>: immutable)',
          responses: { '200': text('application/javascript', 'The console'), ...errors(404) },
        },
      },
      '/console/app.css': {
        get: {
          summary: 'The console stylesheet (?v=<content hash>: immutable)',
          responses: { '200': text('text/css', 'The console'), ...errors(404) },
        },
      },
      ...adminPaths(),
    },
    components: {
      securitySchemes: {
        opsToken: { type: 'http', scheme: 'bearer', description: 'The OPS_TOKEN secret' },
        consoleToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 console token (npm run token)' },
      },
      schemas: {
        EventBatch: toJsonSchema(EventBatchSchema, { errorMode: 'ignore' }),
        ReplayRequest: toJsonSchema(ReplayRequestSchema, { errorMode: 'ignore' }),
        BackfillRequest: toJsonSchema(BackfillRequestSchema, { errorMode: 'ignore' }),
        Error: errorEnvelope,
        ...publicSchemas(),
        ...chatSchemas(),
        ...adminSchemas(),
      },
    },
  };
  return cached;
}
