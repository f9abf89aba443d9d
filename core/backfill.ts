/**
 * A historical import (POST /v1/ops/backfill, `npm run seed`): already-timestamped events that skip the collector's
 * 7-day window, queued to `events` like any collected batch, so the same ingest, scoring and fan-out derive the
 * same leads from them. The tenant is never in the body: it is the Host's.
 */
import * as v from 'valibot';
import { LIMITS } from './limits';
import { QueuedEventSchema, RequestContextSchema } from './events';

/** One queue message is at most 128 KB; the import keeps each well under it. */
export const BACKFILL_MESSAGE_BYTES = 100 * 1024;
export const BACKFILL_BODY_BYTES = 1024 * 1024;

export const BackfillRequestSchema = v.object({
  messages: v.pipe(
    v.array(
      v.object({
        request: RequestContextSchema,
        events: v.pipe(
          v.array(QueuedEventSchema),
          v.minLength(1, 'at least one event'),
          v.maxLength(LIMITS.eventsPerBatch, `at most ${LIMITS.eventsPerBatch} events per message`),
        ),
      }),
    ),
    v.minLength(1, 'at least one message'),
    v.maxLength(100, 'at most 100 messages per request'),
  ),
});
export type BackfillRequest = v.InferOutput<typeof BackfillRequestSchema>;
