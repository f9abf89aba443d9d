/**
 * A GDPR deletion end to end (POST /v1/admin/deletions): find the person, capture what the destinations created,
 * erase every local row and write the audit row in one transaction, then ask each configured destination to delete
 * through its queue. Repeating it is harmless: the person is not found any more, nothing is deleted or sent, and
 * the repeat is audited with zero counts.
 */
import { nanoid } from 'nanoid';
import type { Database } from '../../db';
import { logger } from '../../log';
import type { TenantConfig } from '../../tenants';
import { type DeletionQueues, deletionMessages, sendDeletionMessages } from './downstream';
import { eraseLocally } from './erase';
import { type Deletion, readDeletion } from './list';
import { findPerson } from './person';
import { type Selector, selectorHash } from './request';
import { recordDeletionAnswer } from './status';

export interface DeletePersonInput {
  tenant: TenantConfig;
  selector: Selector;
  requestedBy: string;
  salt: string;
  queues: DeletionQueues;
  now: number;
}

export async function deletePerson(db: Database, input: DeletePersonInput): Promise<Deletion> {
  const { tenant, selector, now } = input;
  const id = `del_${nanoid(16)}`;
  const person = await findPerson(db, tenant.id, selector);
  const messages = deletionMessages(tenant, id, person);
  const rows = await eraseLocally(db, person, {
    id,
    tenantId: tenant.id,
    requestedBy: input.requestedBy,
    requestedAt: now,
    selectorKind: selector.kind,
    selectorHash: await selectorHash(input.salt, tenant.id, selector),
    destinations: messages.map((message) => ({ destination: message.destination, target: message.target })),
  });
  const failed = await sendDeletionMessages(input.queues, messages);
  for (const { message, error } of failed) {
    await recordDeletionAnswer(
      db,
      { tenantId: tenant.id, deletionId: id, destination: message.destination, target: message.target, status: 'failed', error },
      now,
    );
  }
  logger({ tenant: tenant.id }).info('person deleted', {
    deletion_id: id,
    rows: Object.values(rows).reduce((sum, count) => sum + count, 0),
    destinations: messages.length,
    not_queued: failed.length,
  });
  const deletion = await readDeletion(db, tenant.id, id);
  if (deletion === null) throw new Error(`deletion ${id} was not recorded`);
  return deletion;
}
