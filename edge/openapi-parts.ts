/** Pieces every route's OpenAPI fragment uses: the error envelope, error responses, CORS preflights. */
import { ERROR_STATUS } from '../core/errors';

export const errorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'request_id'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        details: {},
        request_id: { type: 'string' },
      },
    },
  },
};

export function errors(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: 'Error envelope', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    ]),
  );
}

/** A CORS preflight: answered only for the route's own methods and headers, else 403 forbidden. */
export function preflight(takes: string) {
  return {
    summary: `CORS preflight (allowed: ${takes})`,
    responses: { '204': { description: 'Allowed' }, ...errors(403, 404) },
  };
}

/** A JSON response with a schema. */
export function json(description: string, schema: Record<string, unknown>) {
  return { description, content: { 'application/json': { schema } } };
}
