/**
 * The Chatwoot destination (design §5, issue 8 item 5): per lead one contact (found or created, never duplicated),
 * one contact inbox with a deterministic source_id, one conversation in the routed inbox with complete attributes
 * and labels, one private note with the whole context, then a note per visible change. Runs in the delivery loop
 * (../deliver.ts): the ledger makes an unchanged lead a no-op, the claim keeps concurrent messages to one contact.
 */
import type { ChatwootConfig } from '../../../core/tenants/destinations';
import { readSecret } from '../../../core/tenants/secrets';
import { eraseFromChatwoot } from './erase';
import { type DeliveryContext, createDeliveryConsumer, defineDestination } from '../deliver';
import { canonicalJson } from '../ledger';
import { type Outcome, PermanentFailure } from '../outcome';
import { createChatwootClient } from './client';
import { contactFields, findOrCreateContact } from './contact';
import { createConversation, postPrivateNote, updateConversation } from './conversation';
import { type ChatwootLink, findLink, saveLink } from './links';
import { type ChatwootPayload, chatwootPayload } from './mapping';
import { changeNote, initialNote } from './note';
import { ensureProvisioned } from './provision';
import { chatwootRoute } from './route';

type Context = DeliveryContext<ChatwootConfig, ChatwootPayload>;

function previousPayload(value: unknown): ChatwootPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  return 'facts' in value && 'conversation' in value && 'contact' in value ? (value as ChatwootPayload) : null;
}

async function deliverToChatwoot(ctx: Context): Promise<Outcome> {
  const { config, payload, snapshot, db, tenant } = ctx;
  const token = readSecret(ctx.env, config.token);
  if (!token) throw new PermanentFailure(`secret ${config.token} is not set (wrangler secret put ${config.token})`);
  const client = createChatwootClient({
    baseUrl: config.base_url,
    accountId: config.account_id,
    token,
    timeoutMs: ctx.timeoutMs,
    onAnswer: ctx.recordAnswer,
  });
  const previous = previousPayload(ctx.previous);
  await ensureProvisioned(db, tenant.id, `${config.base_url}#${config.account_id}`, client, payload.conversation.labels, ctx.now);

  let link: ChatwootLink = (await findLink(db, tenant.id, snapshot.id, config.account_id)) ?? {
    contactId: null,
    sourceId: null,
    inboxId: null,
    conversationId: null,
  };
  const save = async (patch: Partial<ChatwootLink>) => {
    link = { ...link, ...patch };
    await saveLink(db, tenant.id, snapshot.id, config.account_id, link, Date.now());
  };

  let contactId = link.contactId;
  if (contactId === null) {
    const contact = await findOrCreateContact(client, payload, payload.conversation.inbox_id);
    contactId = contact.id;
    await save({ contactId });
    if (!contact.created) await client.call('contactUpdate', 'PUT', `/contacts/${contactId}`, { body: contactFields(payload) });
  } else if (!previous || canonicalJson(contactFields(previous)) !== canonicalJson(contactFields(payload))) {
    // Contact PUT merges: the complete lt_* set (nulls included) keeps stale values from surviving.
    await client.call('contactUpdate', 'PUT', `/contacts/${contactId}`, { body: contactFields(payload) });
  }

  const inboxId = link.inboxId ?? payload.conversation.inbox_id;
  if (link.sourceId === null) {
    // 422: the source id exists in the inbox already (an earlier attempt made it): it is ours, use it.
    await client.call('contactInboxCreation', 'POST', `/contacts/${contactId}/contact_inboxes`, {
      body: { inbox_id: inboxId, source_id: payload.source_id },
      accept: [422],
    });
    await save({ sourceId: payload.source_id, inboxId });
  }
  const sourceId = link.sourceId ?? payload.source_id;

  let conversationId = link.conversationId;
  const justCreated = conversationId === null;
  if (conversationId === null) {
    conversationId = await createConversation(client, payload, contactId, sourceId, inboxId);
    await save({ conversationId });
  }
  await updateConversation(client, conversationId, payload, previous, justCreated);

  // At most one note per payload, even when a later step failed and the message is retried.
  if (ctx.remote.note_for !== ctx.payloadHash) {
    const note = previous && !justCreated ? changeNote(previous, payload) : initialNote(payload);
    if (note) await postPrivateNote(client, conversationId, note);
    await ctx.saveRemote({ note_for: ctx.payloadHash });
  }
  return { kind: 'done', remoteId: String(conversationId) };
}

export const chatwootDestination = defineDestination<ChatwootConfig, ChatwootPayload>({
  destination: 'chatwoot',
  config: (tenant) => tenant.chatwoot ?? null,
  payload: (snapshot, { tenant, config }) => chatwootPayload(snapshot, config.account_id, chatwootRoute(tenant, config, snapshot)),
  deliver: deliverToChatwoot,
  erase: eraseFromChatwoot,
});

/** The `chatwoot` queue's consumer (registered in worker-queue/index.ts). */
export const chatwootConsumer = createDeliveryConsumer([chatwootDestination]);
