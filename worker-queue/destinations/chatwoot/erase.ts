/**
 * GDPR deletion in Chatwoot: the person's contact in the tenant's account is deleted (contactDelete; Chatwoot
 * removes the contact's conversations with it). A 404 means it is gone already. A link to another account than the
 * one configured now cannot be reached with this token and is left out.
 */
import type { ChatwootConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import type { EraseContext, Erased } from '../erase';
import { PermanentFailure } from '../outcome';
import { createChatwootClient } from './client';

export async function eraseFromChatwoot(ctx: EraseContext<ChatwootConfig>): Promise<Erased> {
  const { config } = ctx;
  const contacts = ctx.message.remote.flatMap((remote) =>
    remote.account_id === config.account_id && typeof remote.contact_id === 'number' ? [remote.contact_id] : [],
  );
  if (contacts.length === 0) return 'not_found';
  const token = readSecret(ctx.env, config.token);
  if (!token) throw new PermanentFailure(`secret ${config.token} is not set (wrangler secret put ${config.token})`);
  const client = createChatwootClient({ baseUrl: config.base_url, accountId: config.account_id, token, timeoutMs: ctx.timeoutMs });
  let deleted = false;
  for (const contactId of new Set(contacts)) {
    const answer = await client.call('contactDelete', 'DELETE', `/contacts/${contactId}`, { accept: [404] });
    deleted ||= answer.status !== 404;
  }
  return deleted ? 'deleted' : 'not_found';
}
