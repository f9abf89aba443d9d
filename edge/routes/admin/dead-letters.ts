import { Hono } from 'hono';
import * as v from 'valibot';
import { DEAD_LETTER_STATUSES, listDeadLetters } from '../../../core/admin/dead-letters';
import { openDatabase } from '../../../core/db';
import type { AppEnv } from '../../context';
import { errors, json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';
import { ListQuerySchema, listFilter, parseQuery } from './ops-input';
import { cursorParameters, filterParameters } from './ops-openapi';

/** GET /v1/admin/dead-letters: what no retry could fix, with the provider's status and body; newest first. */
export const deadLettersRoute = new Hono<AppEnv>();

const DeadLettersQuery = v.strictObject({
  ...ListQuerySchema,
  status: v.optional(v.picklist(DEAD_LETTER_STATUSES, 'must be open or replayed')),
});

deadLettersRoute.get('/', async function listDead(c) {
  const query = parseQuery(DeadLettersQuery, c.req.query());
  return c.json(await listDeadLetters(openDatabase(c.env.DB), c.get('tenant').id, listFilter(query)));
});

export function deadLettersPaths() {
  return {
    '/v1/admin/dead-letters': {
      get: adminOperation({
        summary: 'Dead letters with the provider’s status and body; open = not replayed yet',
        parameters: [
          ...filterParameters(),
          { name: 'status', in: 'query', schema: { enum: [...DEAD_LETTER_STATUSES] } },
          ...cursorParameters(),
        ],
        responses: {
          '200': json('One page of dead letters', {
            type: 'object',
            required: ['dead_letters', 'next_cursor'],
            properties: {
              dead_letters: { type: 'array', items: { $ref: '#/components/schemas/DeadLetter' } },
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
