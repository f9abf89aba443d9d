/**
 * The system of record (D1 through drizzle; the same schema runs on libSQL). Every table carries
 * `tenant_id` and every query filters on it. Raw events are immutable; leads and touches are derived from
 * them and can be recomputed.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { STAGES } from './scoring/types';

/** Immutable event log, deduplicated on the client's event_id within a tenant. */
export const rawEvents = sqliteTable(
  'raw_events',
  {
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    name: text('name'),
    trackingId: text('tracking_id').notNull(),
    sessionId: text('session_id').notNull(),
    /** Event time on the server clock (client time corrected by the batch's sent_at). */
    ts: integer('ts').notNull(),
    receivedAt: integer('received_at').notNull(),
    bot: integer('bot', { mode: 'boolean' }).notNull().default(false),
    /** The validated client event plus the request context (geo, parsed UA, IP hash), as JSON. */
    payload: text('payload').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    index('raw_events_tracking').on(t.tenantId, t.trackingId, t.ts),
    index('raw_events_received').on(t.tenantId, t.receivedAt),
  ],
);

/** One row per person per tenant. A lead absorbed by a merge keeps its row, pointing at the survivor. */
export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    email: text('email'),
    phone: text('phone'),
    name: text('name'),
    traits: text('traits').notNull().default('{}'),
    firstTouch: text('first_touch'),
    lastTouch: text('last_touch'),
    firstSeen: integer('first_seen').notNull(),
    lastSeen: integer('last_seen').notNull(),
    mergedInto: text('merged_into'),
    /** Derived from the lead's stored events by core/scoring (never incremented): recomputable at any time. */
    score: integer('score').notNull().default(0),
    stage: text('stage', { enum: STAGES }).notNull().default('Unqualified'),
    /** JSON ScoreItem[]: rule, points, event id. */
    scoreBreakdown: text('score_breakdown').notNull().default('[]'),
    /** JSON LeadAnswer[]: the questionnaire answers, derived from the stored question_answered events. */
    answers: text('answers').notNull().default('[]'),
    /** Increases whenever what a destination shows changes; queued deliveries carry it to skip stale ones. */
    version: integer('version').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('leads_tenant_email').on(t.tenantId, t.email),
    // E.164 (core/phone.ts): a phone is an identity like the email (migration 0001_identity_phone).
    uniqueIndex('leads_tenant_phone').on(t.tenantId, t.phone),
    index('leads_tenant_last_seen').on(t.tenantId, t.lastSeen),
  ],
);

/** Every tracking_id ever seen, mapped to the lead it belongs to (many ids per lead after merges). */
export const leadAliases = sqliteTable(
  'lead_aliases',
  {
    tenantId: text('tenant_id').notNull(),
    trackingId: text('tracking_id').notNull(),
    leadId: text('lead_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.trackingId] }), index('lead_aliases_lead').on(t.tenantId, t.leadId)],
);

/** Touch history. A touch is identified by the browser that made it and its time. */
export const touches = sqliteTable(
  'touches',
  {
    tenantId: text('tenant_id').notNull(),
    trackingId: text('tracking_id').notNull(),
    ts: integer('ts').notNull(),
    leadId: text('lead_id').notNull(),
    channel: text('channel').notNull(),
    utmSource: text('utm_source'),
    utmMedium: text('utm_medium'),
    utmCampaign: text('utm_campaign'),
    utmTerm: text('utm_term'),
    utmContent: text('utm_content'),
    utmId: text('utm_id'),
    clickIds: text('click_ids').notNull().default('{}'),
    referrer: text('referrer'),
    landingUrl: text('landing_url'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.trackingId, t.ts] }), index('touches_lead').on(t.tenantId, t.leadId, t.ts)],
);

/** Messages a consumer gave up on (or a dead-letter queue handed over): visible and replayable. */
export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    queue: text('queue').notNull(),
    messageId: text('message_id').notNull(),
    body: text('body').notNull(),
    attempts: integer('attempts').notNull(),
    error: text('error'),
    createdAt: integer('created_at').notNull(),
    replayedAt: integer('replayed_at'),
    /** Destination messages only (migration 0004): what failed where, so dead letters filter by destination and lead. */
    destination: text('destination'),
    target: integer('target'),
    leadId: text('lead_id'),
    /** The provider's HTTP status and (bounded) body of the answer that killed the delivery. */
    status: integer('status'),
    providerBody: text('provider_body'),
  },
  (t) => [
    uniqueIndex('dead_letters_message').on(t.queue, t.messageId),
    index('dead_letters_tenant').on(t.tenantId, t.createdAt),
    index('dead_letters_destination').on(t.tenantId, t.destination, t.createdAt),
    index('dead_letters_lead').on(t.tenantId, t.leadId, t.createdAt),
    // Migration 0010: open dead letters per queue and destination (the console's queue health).
    index('dead_letters_open')
      .on(t.tenantId, t.queue, t.destination, t.target)
      .where(sql`${t.replayedAt} IS NULL`),
  ],
);

/** What happened to a lead beyond its events: `lead.stage_changed` (from, to, score, at), later merges and deletions. */
export const leadChanges = sqliteTable(
  'lead_changes',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    type: text('type', { enum: ['lead.stage_changed'] }).notNull(),
    fromStage: text('from_stage', { enum: STAGES }),
    toStage: text('to_stage', { enum: STAGES }),
    score: integer('score'),
    at: integer('at').notNull(),
    /** Outbox mark: set once the fan-out enqueued this change's messages; NULL = still to send (a failed sendBatch
     * leaves it NULL, so the retried batch sends the change again). Rows older than migration 0006 count as sent. */
    fannedOutAt: integer('fanned_out_at'),
  },
  (t) => [
    index('lead_changes_lead').on(t.tenantId, t.leadId, t.at),
    index('lead_changes_tenant_at').on(t.tenantId, t.type, t.at),
    index('lead_changes_pending')
      .on(t.tenantId, t.leadId)
      .where(sql`${t.fannedOutAt} IS NULL`),
  ],
);

/**
 * A lead's records in the tenant's Chatwoot account: written by the chatwoot consumer once it created them, read by
 * the Chatwoot webhook (conversation → lead) and the widget's chat. One row per lead; a merged lead's row is
 * re-pointed at the survivor, so the conversation stays one.
 */
export const chatwootLinks = sqliteTable(
  'chatwoot_links',
  {
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    accountId: integer('account_id').notNull(),
    contactId: integer('contact_id'),
    sourceId: text('source_id'),
    inboxId: integer('inbox_id'),
    conversationId: integer('conversation_id'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.leadId] }),
    uniqueIndex('chatwoot_links_conversation').on(t.tenantId, t.accountId, t.conversationId),
  ],
);

/**
 * The delivery ledger: one row per payload a destination accepted. Unique on what was sent, so a retry or a replay
 * of a payload already delivered is a no-op (worker-queue/destinations/ledger.ts).
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    destination: text('destination').notNull(),
    /** Index of the entry for list-configured destinations (webhooks, notify); 0 otherwise. */
    target: integer('target').notNull().default(0),
    leadId: text('lead_id').notNull(),
    leadVersion: integer('lead_version').notNull(),
    /** SHA-256 of the canonical JSON of the destination's payload. */
    payloadHash: text('payload_hash').notNull(),
    status: text('status', { enum: ['delivered'] }).notNull(),
    /** The provider's id of what was written (contact, conversation, person…), when it has one. */
    remoteId: text('remote_id'),
    attempts: integer('attempts').notNull(),
    replayOf: text('replay_of'),
    at: integer('at').notNull(),
  },
  (t) => [
    uniqueIndex('deliveries_payload').on(t.tenantId, t.destination, t.target, t.leadId, t.payloadHash),
    index('deliveries_lead').on(t.tenantId, t.leadId, t.at),
    index('deliveries_tenant_at').on(t.tenantId, t.destination, t.at),
    // Migration 0010: the console's ledger newest first, and the last success per destination target.
    index('deliveries_tenant_time').on(t.tenantId, t.at, t.id),
    index('deliveries_target_at').on(t.tenantId, t.destination, t.target, t.at),
  ],
);

/**
 * Per (tenant, destination, target, lead): who may deliver right now (a lease), what the destination created
 * remotely (ids, JSON) and what was last delivered. Two messages for one new lead serialize on this row, so the
 * second finds the first one's remote ids instead of creating a second contact.
 */
export const deliveryClaims = sqliteTable(
  'delivery_claims',
  {
    tenantId: text('tenant_id').notNull(),
    destination: text('destination').notNull(),
    target: integer('target').notNull().default(0),
    leadId: text('lead_id').notNull(),
    claimedBy: text('claimed_by'),
    /** Lease end (ms): a consumer that died mid-delivery blocks the lead at most until then. */
    claimedUntil: integer('claimed_until'),
    remoteIds: text('remote_ids').notNull().default('{}'),
    deliveredVersion: integer('delivered_version').notNull().default(-1),
    deliveredHash: text('delivered_hash'),
    /** The last delivered payload (JSON), so a destination can describe what changed since. */
    deliveredPayload: text('delivered_payload'),
    /** The last retryable failure, copied into the dead letter if the queue gives up. */
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.destination, t.target, t.leadId] }),
    // Migration 0010: the unfinished deliveries (lease held, or a failure not yet followed by a success).
    index('delivery_claims_unfinished')
      .on(t.tenantId, t.destination, t.target)
      .where(sql`${t.claimedUntil} IS NOT NULL OR ${t.lastError} IS NOT NULL`),
  ],
);

/** Per remote account state a destination keeps (e.g. Chatwoot attribute definitions and labels provisioned). */
export const destinationAccounts = sqliteTable(
  'destination_accounts',
  {
    tenantId: text('tenant_id').notNull(),
    destination: text('destination').notNull(),
    /** Which remote account (e.g. `https://chat.acme.com#1`). */
    accountKey: text('account_key').notNull(),
    state: text('state').notNull().default('{}'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.destination, t.accountKey] })],
);

/**
 * Signed webhooks received (today only Chatwoot's), kept to answer a redelivery as a duplicate. Unique on the
 * sender's delivery id and, because that header is not covered by the signature, on the signature too: a
 * captured request replayed under a new delivery id inside the freshness window is still one delivery.
 */
export const inboundWebhooks = sqliteTable(
  'inbound_webhooks',
  {
    tenantId: text('tenant_id').notNull(),
    source: text('source', { enum: ['chatwoot'] }).notNull(),
    deliveryId: text('delivery_id').notNull(),
    event: text('event').notNull(),
    signature: text('signature').notNull(),
    receivedAt: integer('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.source, t.deliveryId] }),
    uniqueIndex('inbound_webhooks_signature').on(t.tenantId, t.source, t.signature),
  ],
);

export const CONVERSATION_EVENT_KINDS = ['message', 'status'] as const;

/**
 * A lead's Chatwoot conversation as the widget's chat shows it: agent replies (`message`, direction `outgoing`)
 * and status changes (`status`). The autoincrement id is the order and the read cursor. A Chatwoot message is
 * stored once per account whatever delivered it; every row names the webhook delivery that brought it.
 */
export const conversationEvents = sqliteTable(
  'conversation_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    accountId: integer('account_id').notNull(),
    conversationId: integer('conversation_id').notNull(),
    kind: text('kind', { enum: CONVERSATION_EVENT_KINDS }).notNull(),
    /** `outgoing` = agent → visitor (the only direction the webhook stores); null for status changes. */
    direction: text('direction', { enum: ['incoming', 'outgoing'] }),
    /** Chatwoot's message id (messages only). */
    messageId: integer('message_id'),
    /** `user` (an agent) or `agent_bot`. */
    senderType: text('sender_type'),
    senderName: text('sender_name'),
    /** Bounded (core/chatwoot/webhook-event.ts); null for status changes and attachment-only messages. */
    content: text('content'),
    /** The conversation status: after the change for `status`, as Chatwoot reported it for `message`. */
    status: text('status'),
    deliveryId: text('delivery_id').notNull(),
    /** When it happened in Chatwoot (ms). */
    at: integer('at').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('conversation_events_message').on(t.tenantId, t.accountId, t.messageId),
    uniqueIndex('conversation_events_delivery').on(t.tenantId, t.deliveryId),
    index('conversation_events_lead').on(t.tenantId, t.leadId, t.id),
  ],
);

/**
 * Who holds a visitor's chat (the widget's per-visitor token, core/chat/token.ts): the first browser to ask for a
 * tracking id's chat claims it (trust on first use) until `expires_at`; later tokens go only to the holder of a live
 * one. `since` is when the claim began: a token reads agent replies from then on, never from before it.
 */
export const chatClaims = sqliteTable(
  'chat_claims',
  {
    tenantId: text('tenant_id').notNull(),
    trackingId: text('tracking_id').notNull(),
    /** Random per claim; a token names it, so a token of an earlier (expired) claim cannot renew this one. */
    nonce: text('nonce').notNull(),
    since: integer('since').notNull(),
    expiresAt: integer('expires_at').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.trackingId] })],
);

export const CHAT_MESSAGE_STATUSES = ['queued', 'sent'] as const;

/**
 * What a visitor typed in the widget's chat: accepted here (unique on the widget's client id, so a retried or
 * offline-queued message is one row) before the `chat` queue posts it to the lead's Chatwoot conversation.
 */
export const chatMessages = sqliteTable(
  'chat_messages',
  {
    tenantId: text('tenant_id').notNull(),
    trackingId: text('tracking_id').notNull(),
    clientId: text('client_id').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: CHAT_MESSAGE_STATUSES }).notNull().default('queued'),
    /** Set once delivered: the lead and conversation it went to, and Chatwoot's message id. */
    leadId: text('lead_id'),
    conversationId: integer('conversation_id'),
    remoteMessageId: integer('remote_message_id'),
    /** Lease end (ms) of the consumer posting it: two deliveries of one message never post at once. */
    claimedUntil: integer('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.trackingId, t.clientId] }),
    index('chat_messages_visitor').on(t.tenantId, t.trackingId, t.createdAt),
  ],
);
