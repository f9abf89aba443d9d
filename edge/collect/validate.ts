import * as v from 'valibot';
import { AppError, clip } from '../../core/errors';
import { type EventBatch, EventBatchSchema } from '../../core/events';
import { LIMITS } from '../../core/limits';

interface Issue {
  path: string;
  message: string;
}

function pathOf(issue: v.BaseIssue<unknown>): string {
  return clip(issue.path?.map((item) => String(item.key)).join('.') ?? '');
}

/**
 * Validates a whole batch and its timestamps. Any bad event rejects the batch: nothing is half-accepted,
 * and `details.issues` names every offending field (e.g. `events.3.tracking_id`).
 */
export function validateBatch(body: unknown, now: number): EventBatch {
  const result = v.safeParse(EventBatchSchema, body);
  if (!result.success) {
    const issues: Issue[] = result.issues.slice(0, 20).map((issue) => ({ path: pathOf(issue), message: clip(issue.message) }));
    throw new AppError('validation_failed', `invalid batch: ${issues[0]?.path || 'body'} ${issues[0]?.message ?? ''}`.trim(), {
      details: { issues },
    });
  }
  const batch = result.output;
  const skew = now - batch.sent_at;
  const issues: Issue[] = [];
  batch.events.forEach((event, index) => {
    if (event.ts > batch.sent_at + LIMITS.futureSkewMs) {
      issues.push({ path: `events.${index}.ts`, message: 'is in the future relative to sent_at' });
    } else if (event.ts + skew < now - LIMITS.maxAgeMs) {
      issues.push({ path: `events.${index}.ts`, message: 'is older than 7 days' });
    }
  });
  if (issues.length > 0) {
    throw new AppError('validation_failed', `invalid batch: ${issues[0]?.path} ${issues[0]?.message}`, { details: { issues } });
  }
  return batch;
}
