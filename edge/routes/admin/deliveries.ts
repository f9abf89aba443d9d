import { Hono } from 'hono';
import * as v from 'valibot';
import { DELIVERY_STATUSES, listDeliveries } from '../../../core/admin/deliveries';
import { openDatabase } from '../../../core/db';
import type { AppEnv } from '../../context';
import { errors, json, preflight } from '../../openapi-parts';
import { ListQuerySchema, listFilter, parseQuery } from './ops-input';
import { adminOperation } from './operation';
import { cursorParameters, filterParameters } from './ops-openapi';

/** GET /v1/admin/deliveries: the delivery ledger, newest first (core/admin/deliveries.ts says what a row shows). */
export const deliveriesRoute = new Hono<AppEnv>();

const DeliveriesQuery = v.strictObject({ ...ListQuerySchema, status: v.optional(v.picklist(DELIVERY_STATUSES, 'must be delivered')) });

deliveriesRoute.get('/', async function listLedger(c) {
  const query = parseQuery(DeliveriesQuery, c.req.query());
  return c.json(await listDeliveries(openDatabase(c.env.DB), c.get('tenant').id, listFilter(query)));
});

export function deliveriesPaths() {
  return {
    '/v1/admin/deliveries': {
      get: adminOperation({
        summary: 'The delivery ledger: what each destination accepted, newest first, with the remote ids it created',
        parameters: [
          ...filterParameters(),
          { name: 'status', in: 'query', schema: { enum: [...DELIVERY_STATUSES] } },
          ...cursorParameters(),
        ],
        responses: {
          '200': json('One page of ledger rows', {
            type: 'object',
            required: ['deliveries', 'next_cursor'],
            properties: {
              deliveries: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
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
