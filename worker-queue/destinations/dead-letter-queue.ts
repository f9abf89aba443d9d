/**
 * The consumer of the destination dead-letter queues (`chatwoot-dlq`, `crm-dlq`, `notify-dlq`): the platform
 * hands over a message whose retries ran out; it is stored with its destination, lead and the last provider
 * failure recorded on the lead's claim, so it can be filtered and replayed like the ones dead-lettered at once.
 */
import * as v from 'valibot';
import { openDatabase } from '../../core/db';
import { DeliveryMessageSchema } from '../../core/messages';
import { type DeadLetterInput, recordDeadLetters } from '../dead-letters';
import { lastFailure } from './ledger';
import { survivorId } from './snapshot';

export async function persistDestinationDlq(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = openDatabase(env.DB);
  const rows: DeadLetterInput[] = [];
  for (const message of batch.messages) {
    const row: DeadLetterInput = {
      id: message.id,
      body: message.body,
      attempts: message.attempts,
      error: 'delivered by the dead-letter queue after retries ran out',
    };
    const parsed = v.safeParse(DeliveryMessageSchema, message.body);
    if (parsed.success) {
      const body = parsed.output;
      const leadId = (await survivorId(db, body.tenant_id, body.lead_id)) ?? body.lead_id;
      const failure = await lastFailure(db, { tenantId: body.tenant_id, destination: body.destination, target: body.target, leadId });
      Object.assign(row, {
        destination: body.destination,
        target: body.target,
        leadId: body.lead_id,
        status: failure?.status ?? null,
        error: failure?.error ? `retries ran out; last failure: ${failure.error}` : row.error,
      });
    }
    rows.push(row);
  }
  await recordDeadLetters(db, batch.queue, rows, Date.now());
  batch.ackAll();
}
