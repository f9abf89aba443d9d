/**
 * OpenAPI pieces of the delivery-operations routes: shared parameters and the Delivery / DeadLetter schemas (also
 * the items of a lead's timeline, edge/routes/admin/leads-openapi.ts).
 */
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../../core/admin/keyset-cursor';
import { DEAD_LETTER_STATUSES } from '../../../core/admin/dead-letters';
import { DELIVERY_STATUSES } from '../../../core/admin/deliveries';
import { DESTINATIONS } from '../../../core/messages';

export function filterParameters() {
  return [
    { name: 'destination', in: 'query', schema: { enum: [...DESTINATIONS] } },
    { name: 'lead_id', in: 'query', schema: { type: 'string', pattern: '^lead_[A-Za-z0-9]{1,40}$' } },
  ];
}

export function cursorParameters() {
  return [
    { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } },
    { name: 'cursor', in: 'query', description: 'next_cursor of the previous page', schema: { type: 'string' } },
  ];
}

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };

export function opsSchemas(): Record<string, unknown> {
  return {
    Delivery: {
      type: 'object',
      required: [
        'id',
        'destination',
        'target',
        'lead_id',
        'status',
        'provider_status',
        'provider_body',
        'replay_of',
        'created_at',
        'delivered_at',
      ],
      properties: {
        id: { type: 'string' },
        destination: { enum: [...DESTINATIONS] },
        target: { type: 'integer', minimum: 0 },
        lead_id: { type: 'string' },
        status: { enum: [...DELIVERY_STATUSES] },
        provider_status: {
          type: ['integer', 'null'],
          description: 'HTTP status of the last provider call; null on deliveries made before it was kept, or without a call',
        },
        provider_body: {
          type: ['string', 'null'],
          description: 'The first 1,000 characters of that answer (for a batch call, only this lead’s result)',
        },
        provider_calls: {
          type: 'array',
          description: 'Every provider call of the delivery, in order',
          items: {
            type: 'object',
            required: ['operation', 'status'],
            properties: {
              operation: { type: 'string' },
              status: { type: 'integer' },
              count: { type: 'integer', minimum: 2, description: 'Consecutive identical calls, kept once' },
            },
          },
        },
        replay_of: { type: ['string', 'null'], description: 'The dead letter this delivery re-delivered' },
        created_at: dateTime,
        delivered_at: nullableDateTime,
        lead_version: { type: 'integer' },
        attempts: { type: 'integer' },
        remote_id: { type: ['string', 'null'] },
        remote_ids: { type: 'object', description: 'What LeadTrail keeps of this lead at the destination (e.g. contact_id)' },
      },
    },
    DeadLetter: {
      type: 'object',
      required: [
        'id',
        'queue',
        'destination',
        'target',
        'lead_id',
        'error',
        'provider_status',
        'provider_body',
        'created_at',
        'replayed_at',
        'status',
      ],
      properties: {
        id: { type: 'string' },
        queue: { type: 'string' },
        destination: { type: ['string', 'null'] },
        target: { type: ['integer', 'null'] },
        lead_id: { type: ['string', 'null'] },
        error: { type: ['string', 'null'] },
        provider_status: { type: ['integer', 'null'] },
        provider_body: { type: ['string', 'null'], description: 'The first 2,000 characters of the provider’s answer' },
        created_at: dateTime,
        replayed_at: nullableDateTime,
        status: { enum: [...DEAD_LETTER_STATUSES] },
        attempts: { type: 'integer' },
        from_dlq: { type: 'boolean' },
      },
    },
  };
}
