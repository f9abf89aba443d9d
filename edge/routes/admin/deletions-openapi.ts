/** The OpenAPI fragment of the GDPR deletion routes (edge/routes/admin/deletions.ts). */
import { errors, json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';

type Paths = Record<string, Record<string, unknown>>;

const deletionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'requested_by', 'requested_at', 'completed_at', 'status', 'selector_kind', 'rows_deleted', 'destinations'],
  properties: {
    id: { type: 'string' },
    requested_by: { type: 'string', description: "The console token's sub" },
    requested_at: { type: 'string', format: 'date-time' },
    completed_at: { type: ['string', 'null'], format: 'date-time' },
    status: { type: 'string', enum: ['pending', 'completed'] },
    selector_kind: { type: 'string', enum: ['email', 'tracking_id'] },
    rows_deleted: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
    destinations: {
      type: 'array',
      items: {
        type: 'object',
        required: ['destination', 'target', 'status', 'error'],
        properties: {
          destination: { type: 'string' },
          target: { type: 'integer' },
          status: { type: 'string', enum: ['pending', 'deleted', 'not_found', 'failed'] },
          error: { type: ['string', 'null'] },
        },
      },
    },
  },
};

export function deletionsPaths(): Paths {
  return {
    '/v1/admin/deletions': {
      post: adminOperation({
        summary: 'GDPR: delete a person (by email or tracking id) here and in every configured destination (role admin)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                oneOf: [
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['email'],
                    properties: { email: { type: 'string', format: 'email' } },
                  },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['tracking_id'],
                    properties: { tracking_id: { type: 'string' } },
                  },
                ],
              },
            },
          },
        },
        responses: {
          '202': json('Deleted here; downstream deletions queued', {
            type: 'object',
            required: ['deletion'],
            properties: { deletion: deletionSchema },
          }),
          ...errors(400),
        },
      }),
      get: adminOperation({
        summary: 'The deletions audit, newest first (no personal data)',
        parameters: [
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
          { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
        ],
        responses: {
          '200': json('A page of deletions', {
            type: 'object',
            required: ['deletions', 'next_cursor'],
            properties: { deletions: { type: 'array', items: deletionSchema }, next_cursor: { type: ['string', 'null'] } },
          }),
          ...errors(400),
        },
      }),
      options: preflight('GET, POST with Authorization, content-type'),
    },
  };
}
