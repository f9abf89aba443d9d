/**
 * The lead's one conversation: created once in the routed inbox (its id saved at once), then kept current with
 * complete sets — Chatwoot REPLACES conversation custom attributes and labels on every POST.
 */
import { canonicalJson } from '../ledger';
import { PermanentFailure } from '../outcome';
import type { ChatwootClient } from './client';
import type { ChatwootPayload } from './mapping';

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export async function createConversation(
  client: ChatwootClient,
  payload: ChatwootPayload,
  contactId: number,
  sourceId: string,
  inboxId: number,
): Promise<number> {
  const { conversation } = payload;
  const result = await client.call('newConversation', 'POST', '/conversations', {
    body: {
      source_id: sourceId,
      inbox_id: inboxId,
      contact_id: contactId,
      status: 'open',
      custom_attributes: conversation.custom_attributes,
      ...(conversation.assignee_id !== null ? { assignee_id: conversation.assignee_id } : {}),
      ...(conversation.team_id !== null ? { team_id: conversation.team_id } : {}),
    },
  });
  const id: unknown = typeof result.body === 'object' && result.body !== null ? Reflect.get(result.body, 'id') : undefined;
  if (typeof id !== 'number')
    throw new PermanentFailure('chatwoot newConversation answered without an id', result.status, JSON.stringify(result.body));
  return id;
}

/** Brings an existing (or just created) conversation to the payload; `previous` null means "send everything". */
export async function updateConversation(
  client: ChatwootClient,
  conversationId: number,
  payload: ChatwootPayload,
  previous: ChatwootPayload | null,
  justCreated: boolean,
): Promise<void> {
  const path = `/conversations/${conversationId}`;
  const { conversation } = payload;
  const before = previous?.conversation ?? null;
  if (!justCreated && (!before || !same(before.custom_attributes, conversation.custom_attributes))) {
    await client.call('update-custom-attributes-of-a-conversation', 'POST', `${path}/custom_attributes`, {
      body: { custom_attributes: conversation.custom_attributes },
    });
  }
  if (justCreated || !before || !same(before.labels, conversation.labels)) {
    await client.call('conversation-add-labels', 'POST', `${path}/labels`, { body: { labels: conversation.labels } });
  }
  const assignmentChanged = !before || before.assignee_id !== conversation.assignee_id || before.team_id !== conversation.team_id;
  if (!justCreated && assignmentChanged && (conversation.assignee_id !== null || conversation.team_id !== null)) {
    const body = conversation.assignee_id !== null ? { assignee_id: conversation.assignee_id } : { team_id: conversation.team_id };
    await client.call('assign-a-conversation', 'POST', `${path}/assignments`, { body });
  }
  if (conversation.priority !== null && (justCreated || before?.priority !== conversation.priority)) {
    await client.call('toggle-priority-of-a-conversation', 'POST', `${path}/toggle_priority`, {
      body: { priority: conversation.priority },
    });
  }
}

export async function postPrivateNote(client: ChatwootClient, conversationId: number, content: string): Promise<void> {
  await client.call('create-a-new-message-in-a-conversation', 'POST', `/conversations/${conversationId}/messages`, {
    body: { content, message_type: 'outgoing', private: true },
  });
}
