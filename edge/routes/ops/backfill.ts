import { Hono } from 'hono';
import * as v from 'valibot';
import { BACKFILL_BODY_BYTES, BACKFILL_MESSAGE_BYTES, BackfillRequestSchema } from '../../../core/backfill';
import { AppError, clip } from '../../../core/errors';
import type { EventMessage } from '../../../core/events';
import { logger } from '../../../core/log';
import { readJsonBody } from '../../collect/body';
import type { AppEnv } from '../../context';
import { opsToken } from '../../middleware/ops-token';

export const opsBackfillRoute = new Hono<AppEnv>();

/** sendBatch takes at most 100 messages and 256 KB in one call. */
function sendChunks(messages: readonly EventMessage[]): EventMessage[][] {
  const chunks: EventMessage[][] = [];
  let current: EventMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = JSON.stringify(message).length;
    if (current.length > 0 && (current.length === 100 || bytes + size > 200 * 1024)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Operator-only historical import (bearer OPS_TOKEN): events with their original timestamps and request context
 * (already hashed IP, geo, UA — never a raw IP), queued to `events` for the normal ingest. All or nothing: the
 * whole body is validated before anything is queued. Event ids deduplicate as usual, so re-running an import
 * stores nothing twice. `npm run seed` uses it to build the demo's 60 days through the product's own pipeline.
 */
opsBackfillRoute.post('/', opsToken, async function backfill(c) {
  const tenant = c.get('tenant');
  const parsed = v.safeParse(BackfillRequestSchema, await readJsonBody(c.req.raw, BACKFILL_BODY_BYTES));
  if (!parsed.success) {
    const issues = parsed.issues.slice(0, 20).map((issue) => ({
      path: clip(issue.path?.map((item) => String(item.key)).join('.') ?? ''),
      message: clip(issue.message),
    }));
    throw new AppError('validation_failed', `invalid backfill: ${issues[0]?.path || 'body'} ${issues[0]?.message ?? ''}`.trim(), {
      details: { issues },
    });
  }
  const messages: EventMessage[] = parsed.output.messages.map((message) => ({ v: 1, tenant_id: tenant.id, ...message }));
  const oversized = messages.findIndex((message) => JSON.stringify(message).length > BACKFILL_MESSAGE_BYTES);
  if (oversized >= 0) {
    throw new AppError('validation_failed', `messages.${oversized} is larger than ${BACKFILL_MESSAGE_BYTES} bytes; split it`, {
      details: { issues: [{ path: `messages.${oversized}`, message: 'too large for one queue message' }] },
    });
  }
  let queued = 0;
  for (const part of sendChunks(messages)) {
    try {
      await c.env.EVENTS_QUEUE.sendBatch(part.map((body) => ({ body, contentType: 'json' as const })));
    } catch (error) {
      // Like POST /v1/events: a queue outage is a 503 to retry, not a 500. Re-sending is safe (event ids deduplicate).
      logger({ request_id: c.get('requestId'), tenant: tenant.id }).error(`backfill queue send failed: ${String(error)}`, { queued });
      throw new AppError('queue_unavailable', `the events queue refused the import after ${queued} messages; send it again`, {
        details: { queued_messages: queued },
        retryAfter: 5,
      });
    }
    queued += part.length;
  }
  const events = messages.reduce((sum, message) => sum + message.events.length, 0);
  logger({ request_id: c.get('requestId'), tenant: tenant.id }).info('backfill queued', { messages: messages.length, events });
  return c.json({ tenant: tenant.id, queued_messages: messages.length, queued_events: events }, 202);
});
