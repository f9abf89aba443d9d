import { Hono } from 'hono';
import * as v from 'valibot';
import { ReplayFilterError, replayDeadLetters } from '../../../core/dead-letters';
import { ReplayRequestSchema } from '../../../core/dead-letters-api';
import { openDatabase } from '../../../core/db';
import { AppError } from '../../../core/errors';
import { logger } from '../../../core/log';
import type { AppEnv } from '../../context';
import { opsToken } from '../../middleware/ops-token';

export const opsReplayRoute = new Hono<AppEnv>();

/**
 * Operator-only replay of dead letters (`npm run replay`): bearer OPS_TOKEN (a secret), tenant from the Host.
 * Re-enqueues the matching dead letters not replayed yet and says which. The console's /v1/admin replay is separate.
 */
opsReplayRoute.post('/', opsToken, async (c) => {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'the body must be JSON: { "id"?, "destination"?, "lead_id"? }');
  }
  const parsed = v.safeParse(ReplayRequestSchema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new AppError(
      'validation_failed',
      `invalid replay request: ${issue?.path?.map((item) => String(item.key)).join('.') ?? 'body'} ${issue?.message ?? ''}`.trim(),
    );
  }
  const tenant = c.get('tenant');
  const body = parsed.output;
  if (body.tenant !== undefined && body.tenant !== tenant.id) {
    throw new AppError('bad_request', `this host serves tenant "${tenant.id}", not "${body.tenant}"`);
  }
  try {
    const result = await replayDeadLetters(openDatabase(c.env.DB), c.env, {
      tenantId: tenant.id,
      ...(body.id ? { id: body.id } : {}),
      ...(body.destination ? { destination: body.destination } : {}),
      ...(body.lead_id ? { leadId: body.lead_id } : {}),
    });
    logger({ request_id: c.get('requestId'), tenant: tenant.id }).info('dead letters replayed', {
      replayed: result.replayed.length,
      failed: result.failed.length,
    });
    return c.json({ tenant: tenant.id, ...result });
  } catch (error) {
    if (error instanceof ReplayFilterError) throw new AppError('validation_failed', error.message);
    throw error;
  }
});
