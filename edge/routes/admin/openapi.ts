/**
 * The /v1/admin part of the OpenAPI document (edge/openapi.ts spreads it in). Each admin route file exports
 * its own fragment; this file only lists them, so the document and the routes grow together.
 */
import { json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';
import { deadLettersPaths } from './dead-letters';
import { deliveriesPaths } from './deliveries';
import { opsSchemas } from './ops-openapi';
import { queuesPaths } from './queues';
import { replayPaths } from './replay';
import { deletionsPaths } from './deletions-openapi';
import { leadsPaths } from './leads-openapi';
import { alertsPaths } from './alerts';
import { breakdownPaths } from './breakdown';
import { funnelPaths } from './funnel';
import { spendPaths } from './spend';
import { trendsPaths } from './trends';

type Paths = Record<string, Record<string, unknown>>;

function whoAmIPaths(): Paths {
  return {
    '/v1/admin/me': {
      get: adminOperation({
        summary: 'Who the console token is for (the sign-in check)',
        responses: {
          '200': json('The verified token', {
            type: 'object',
            required: ['tenant', 'role', 'subject', 'expires_at'],
            properties: {
              tenant: { type: 'string' },
              tenant_name: { type: 'string' },
              role: { type: 'string', enum: ['viewer', 'admin'] },
              subject: { type: 'string' },
              expires_at: { type: 'string', format: 'date-time' },
            },
          }),
        },
      }),
      options: preflight('GET with Authorization'),
    },
  };
}

export function adminPaths(): Paths {
  return {
    ...whoAmIPaths(),
    ...deliveriesPaths(),
    ...deadLettersPaths(),
    ...replayPaths(),
    ...queuesPaths(),
    ...leadsPaths(),
    ...deletionsPaths(),
    ...funnelPaths(),
    ...breakdownPaths(),
    ...trendsPaths(),
    ...spendPaths(),
    ...alertsPaths(),
  };
}

export function adminSchemas(): Record<string, unknown> {
  return { ...opsSchemas() };
}
