/**
 * The downstream half of a GDPR deletion: one `lead.deleted` message (core/messages.ts) per configured destination
 * (each webhook target), on that destination's queue, carrying the remote ids captured before the local rows
 * went. Notifications are not asked: a Slack / Teams / Discord incoming webhook cannot delete a posted message.
 */
import { type DeletionMessage, type Destination, QUEUE_OF_DESTINATION } from '../../messages';
import { configuredDestinations } from '../../tenants/routing';
import type { TenantConfig } from '../../tenants';
import type { Person } from './person';

export type DeletionQueues = Pick<Env, 'CHATWOOT_QUEUE' | 'CRM_QUEUE'>;

function remoteFor(person: Person, destination: Destination): DeletionMessage['remote'] {
  if (destination === 'chatwoot') {
    return person.chatwootLinks
      .filter((link) => link.contact_id !== null)
      .map((link) => ({ account_id: link.account_id, contact_id: link.contact_id }));
  }
  return person.claims
    .filter((claim) => claim.destination === destination && Object.keys(claim.remote).length > 0)
    .map((claim) => claim.remote);
}

/** The messages for the person's deletion, one per destination and target the tenant configures. */
export function deletionMessages(tenant: TenantConfig, deletionId: string, person: Person | null): DeletionMessage[] {
  if (person === null || person.leadIds.length === 0) return [];
  const base = { v: 1 as const, type: 'lead.deleted' as const, tenant_id: tenant.id, deletion_id: deletionId, lead_ids: person.leadIds };
  const messages: DeletionMessage[] = [];
  for (const destination of configuredDestinations(tenant)) {
    if (destination === 'notify') continue;
    if (destination === 'webhook') tenant.webhooks.forEach((_, target) => messages.push({ ...base, destination, target, remote: [] }));
    else messages.push({ ...base, destination, target: 0, remote: remoteFor(person, destination) });
  }
  return messages;
}

/** Sends each message to its destination's queue; answers the ones that could not be queued (with why). */
export async function sendDeletionMessages(
  queues: DeletionQueues,
  messages: readonly DeletionMessage[],
): Promise<{ message: DeletionMessage; error: string }[]> {
  const failed: { message: DeletionMessage; error: string }[] = [];
  for (const queue of ['chatwoot', 'crm'] as const) {
    const mine = messages.filter((message) => QUEUE_OF_DESTINATION[message.destination] === queue);
    if (mine.length === 0) continue;
    const binding = queue === 'chatwoot' ? queues.CHATWOOT_QUEUE : queues.CRM_QUEUE;
    try {
      await binding.sendBatch(mine.map((body) => ({ body, contentType: 'json' as const })));
    } catch (error) {
      for (const message of mine) failed.push({ message, error: `could not be queued: ${String(error)}`.slice(0, 300) });
    }
  }
  return failed;
}
