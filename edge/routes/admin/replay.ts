import { Hono } from 'hono';
import { findDeadLetter } from '../../../core/admin/dead-letters';
import { replayDeadLetters } from '../../../core/dead-letters';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import { logger } from '../../../core/log';
import { DESTINATIONS } from '../../../core/messages';
import type { AppEnv } from '../../context';
import { adminPrincipal, requireAdminRole } from '../../middleware/admin-auth';
import { errors, json, preflight } from '../../openapi-parts';
import { adminOperation } from './operation';
import { AdminReplaySchema, parseBody } from './ops-input';

/**
 * POST /v1/admin/replay (role admin): the console's replay button. The same operation as POST /v1/ops/replay
 * (core/dead-letters.ts): the matching dead letters not replayed yet are marked and re-enqueued once; the ledger
 * makes a payload already delivered a no-op. A dead letter id the tenant does not have answers 404.
 */
export const replayRoute = new Hono<AppEnv>();

replayRoute.post('/', requireAdminRole, async function replay(c) {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'the body must be JSON: { "id" } | { "destination" } | { "lead_id" }');
  }
  const body = parseBody(AdminReplaySchema, raw);
  const tenant = c.get('tenant');
  const db = openDatabase(c.env.DB);
  if (body.id !== undefined && (await findDeadLetter(db, tenant.id, body.id)) === null) {
    throw new AppError('not_found', `no dead letter ${body.id}`);
  }
  const result = await replayDeadLetters(db, c.env, {
    tenantId: tenant.id,
    ...(body.id ? { id: body.id } : {}),
    ...(body.destination ? { destination: body.destination } : {}),
    ...(body.lead_id ? { leadId: body.lead_id } : {}),
  });
  logger({ request_id: c.get('requestId'), tenant: tenant.id }).info('dead letters replayed from the console', {
    by: adminPrincipal(c).subject,
    replayed: result.replayed.length,
    failed: result.failures.length,
  });
  return c.json({ replayed: result.replayed.map((letter) => letter.id), failed: result.failures });
});

export function replayPaths() {
  return {
    '/v1/admin/replay': {
      post: adminOperation({
        summary: 'Replay dead letters not replayed yet: one (id), a destination’s, or a lead’s (filters combine with AND); role admin',
        description: 'At most 90 per call: call again for more. Each is re-enqueued once; a second replay of the same finds nothing.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                additionalProperties: false,
                minProperties: 1,
                properties: {
                  id: { type: 'string', pattern: '^dl_[A-Za-z0-9]{1,40}$' },
                  destination: { enum: [...DESTINATIONS] },
                  lead_id: { type: 'string', pattern: '^lead_[A-Za-z0-9]{1,40}$' },
                },
              },
            },
          },
        },
        responses: {
          '200': json('What was re-enqueued, and what could not be sent (left open for the next replay)', {
            type: 'object',
            required: ['replayed', 'failed'],
            properties: {
              replayed: { type: 'array', items: { type: 'string' } },
              failed: {
                type: 'array',
                items: { type: 'object', required: ['id', 'error'], properties: { id: { type: 'string' }, error: { type: 'string' } } },
              },
            },
          }),
          ...errors(400),
        },
      }),
      options: preflight('POST with Authorization and content-type'),
    },
  };
}
