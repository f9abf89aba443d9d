/**
 * What a Chatwoot webhook means for a lead's conversation (pure). Chatwoot posts one event per delivery:
 * `message_created` is the message itself (with `conversation` and `account`), the conversation events
 * (`conversation_status_changed`, and the older `conversation_resolved` / `conversation_opened`) are the
 * conversation itself (`id` is the conversation id). Only what the visitor's chat needs is kept: replies an
 * agent (or agent bot) sent to the visitor, and status changes. Incoming messages are the visitor's own (or
 * ours, posted through the API), private notes are for agents only, activity and template messages are
 * Chatwoot's own; all of those are acknowledged and not stored.
 */
import * as v from 'valibot';

/** Characters of a message kept for the chat (longer replies are cut there). */
export const CONTENT_MAX_CHARS = 4000;
export const SENDER_NAME_MAX_CHARS = 128;

const CONVERSATION_EVENTS = ['conversation_status_changed', 'conversation_resolved', 'conversation_opened'] as const;

/** Chatwoot ids are integers; some payloads carry them as numeric strings. */
const ChatwootId = v.union([
  v.pipe(v.number(), v.integer(), v.minValue(1)),
  v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/), v.transform(Number)),
]);

const MessageCreatedSchema = v.object({
  event: v.literal('message_created'),
  id: ChatwootId,
  content: v.nullish(v.string()),
  created_at: v.nullish(v.union([v.string(), v.number()])),
  /** `incoming` | `outgoing` | `activity` | `template` (0–3 in some payloads). */
  message_type: v.union([v.string(), v.number()]),
  private: v.nullish(v.boolean()),
  sender: v.nullish(v.object({ name: v.nullish(v.string()), available_name: v.nullish(v.string()), type: v.nullish(v.string()) })),
  conversation: v.object({ id: ChatwootId, status: v.nullish(v.string()) }),
  account: v.nullish(v.object({ id: ChatwootId })),
});

const ConversationEventSchema = v.object({
  event: v.picklist(CONVERSATION_EVENTS),
  id: ChatwootId,
  status: v.string(),
  messages: v.nullish(v.array(v.object({ account_id: v.nullish(ChatwootId) }))),
});

const EventNameSchema = v.object({ event: v.string() });

/** A row for conversation_events, before the lead is known. */
export interface ConversationEventInput {
  kind: 'message' | 'status';
  direction: 'outgoing' | null;
  messageId: number | null;
  senderType: string | null;
  senderName: string | null;
  content: string | null;
  status: string | null;
  at: number;
}

export type IgnoredReason = 'unhandled_event' | 'incoming_message' | 'private_note' | 'not_an_agent_reply';

/** Why a verified webhook was acknowledged without storing anything (the response's `ignored`). */
export const NOT_STORED_REASONS = [
  'unhandled_event',
  'incoming_message',
  'private_note',
  'not_an_agent_reply',
  /** The payload names another Chatwoot account than the tenant's `chatwoot.account_id`. */
  'other_account',
  /** No chatwoot_links row: a conversation LeadTrail did not create. */
  'unknown_conversation',
] as const satisfies readonly string[];
export type NotStoredReason = (typeof NOT_STORED_REASONS)[number];

export type WebhookEventMeaning =
  | { action: 'store'; event: string; conversationId: number; accountId: number | null; row: ConversationEventInput }
  | { action: 'ignore'; event: string; reason: IgnoredReason }
  | { action: 'invalid'; event: string; issues: { path: string; message: string }[] };

/** Cuts a string to `max` UTF-16 units without leaving half a surrogate pair. */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** Chatwoot sends ISO strings, "2020-03-03 13:05:57 UTC", or Unix seconds; anything else → the delivery time. */
function eventTime(value: string | number | null | undefined, fallbackMs: number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value.replace(' UTC', 'Z').replace(' ', 'T'));
    if (Number.isFinite(parsed)) return parsed;
  }
  return fallbackMs;
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): { path: string; message: string }[] {
  return issues.map((issue) => ({ path: issue.path?.map((item) => String(item.key)).join('.') ?? '', message: issue.message }));
}

function messageMeaning(payload: unknown, deliveredAtMs: number): WebhookEventMeaning {
  const parsed = v.safeParse(MessageCreatedSchema, payload);
  if (!parsed.success) return { action: 'invalid', event: 'message_created', issues: issuesOf(parsed.issues) };
  const message = parsed.output;
  if (message.private === true) return { action: 'ignore', event: message.event, reason: 'private_note' };
  const type = message.message_type;
  if (type === 'incoming' || type === 0) return { action: 'ignore', event: message.event, reason: 'incoming_message' };
  if (type !== 'outgoing' && type !== 1) return { action: 'ignore', event: message.event, reason: 'not_an_agent_reply' };
  const name = message.sender?.available_name ?? message.sender?.name ?? null;
  return {
    action: 'store',
    event: message.event,
    conversationId: message.conversation.id,
    accountId: message.account?.id ?? null,
    row: {
      kind: 'message',
      direction: 'outgoing',
      messageId: message.id,
      senderType: message.sender?.type ? bounded(message.sender.type, 32) : null,
      senderName: name ? bounded(name, SENDER_NAME_MAX_CHARS) : null,
      content: message.content ? bounded(message.content, CONTENT_MAX_CHARS) : null,
      status: message.conversation.status ? bounded(message.conversation.status, 32) : null,
      at: eventTime(message.created_at, deliveredAtMs),
    },
  };
}

function conversationMeaning(payload: unknown, deliveredAtMs: number): WebhookEventMeaning {
  const parsed = v.safeParse(ConversationEventSchema, payload);
  if (!parsed.success) return { action: 'invalid', event: 'conversation_status_changed', issues: issuesOf(parsed.issues) };
  const conversation = parsed.output;
  return {
    action: 'store',
    event: conversation.event,
    conversationId: conversation.id,
    accountId: conversation.messages?.find((message) => message.account_id)?.account_id ?? null,
    row: {
      kind: 'status',
      direction: null,
      messageId: null,
      senderType: null,
      senderName: null,
      content: null,
      status: bounded(conversation.status, 32),
      // The payload's `timestamp` is the last activity, not the change: the signed delivery time is closer.
      at: deliveredAtMs,
    },
  };
}

/** What a parsed webhook body means; `deliveredAtMs` is its signed timestamp. */
export function webhookEventMeaning(payload: unknown, deliveredAtMs: number): WebhookEventMeaning {
  const named = v.safeParse(EventNameSchema, payload);
  if (!named.success) return { action: 'invalid', event: '', issues: issuesOf(named.issues) };
  const event = bounded(named.output.event, 64);
  if (event === 'message_created') return messageMeaning(payload, deliveredAtMs);
  if ((CONVERSATION_EVENTS as readonly string[]).includes(event)) return conversationMeaning(payload, deliveredAtMs);
  return { action: 'ignore', event, reason: 'unhandled_event' };
}
