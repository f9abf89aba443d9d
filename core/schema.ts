/**
 * The system of record (D1 through drizzle; the same schema runs on libSQL). Every table carries
 * `tenant_id` and every query filters on it. Raw events are immutable; leads and touches are derived from
 * them and can be recomputed.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
    /** The console's attribution dimensions (migration 0008), derived from the payload by the ingest insert with
     * core/analytics/dimensions.ts and rebuildable from it (core/analytics/rebuild.ts): the event's last touch's
     * channel, utm_source, utm_campaign, landing URL without query/fragment; a track event's `props.variant`. */
    touchChannel: text('touch_channel'),
    touchSource: text('touch_source'),
    touchCampaign: text('touch_campaign'),
    landingPage: text('landing_page'),
    variant: text('variant'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId] }),
    index('raw_events_tracking').on(t.tenantId, t.trackingId, t.ts),
    index('raw_events_received').on(t.tenantId, t.receivedAt),
    // The funnel's visits and visitors: a covering index of human page views (README, Console: scale path).
    index('raw_events_page_views')
      .on(t.tenantId, t.ts, t.trackingId, t.touchCampaign, t.touchChannel, t.touchSource, t.landingPage)
      .where(sql`${t.type} = 'page_view' AND ${t.bot} = 0`),
    // Identifies that carry an email or a phone (the funnel's leads): the condition is part of the index, so the
    // query reads the index alone, never the payloads (core/analytics/queries.ts uses the same terms).
    index('raw_events_identified')
      .on(t.tenantId, t.ts, t.trackingId)
      .where(
        sql`${t.type} = 'identify' AND ${t.bot} = 0 AND (json_extract(${t.payload}, '$.event.traits.email') IS NOT NULL OR json_extract(${t.payload}, '$.event.traits.phone') IS NOT NULL)`,
      ),
    index('raw_events_variant')
      .on(t.tenantId, t.trackingId, t.variant, t.ts)
      .where(sql`${t.variant} IS NOT NULL`),
    index('raw_events_bots')
      .on(t.tenantId, t.ts)
      .where(sql`${t.bot} = 1`),
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
    // The console's lead list and a person's absorbed leads (migration 0009).
    index('leads_tenant_live_seen')
      .on(t.tenantId, t.lastSeen, t.id)
      .where(sql`${t.mergedInto} IS NULL`),
    index('leads_tenant_merged_into')
      .on(t.tenantId, t.mergedInto)
      .where(sql`${t.mergedInto} IS NOT NULL`),
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
    /**
     * Migration 0011: the provider's answer (worker-queue/destinations/provider-answers.ts): the last call's HTTP
     * status and bounded body, and every call of the delivery as JSON `[{ operation, status }]`. Null on rows
     * written before it, and when a delivery needed no call (e.g. a webhook not subscribed to the event).
     */
    providerStatus: integer('provider_status'),
    providerBody: text('provider_body'),
    providerCalls: text('provider_calls'),
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

export const DELETION_STATUSES = ['pending', 'completed'] as const;
export const DELETION_SELECTORS = ['email', 'tracking_id'] as const;

/**
 * GDPR deletions (core/admin/deletions): the audit row that remains once a person's rows are gone. Who asked (the
 * console token's sub), when, how many rows of each table went, and which destinations were asked to delete; never
 * the person's data: the selector (email or tracking id) is kept only as a salted hash.
 */
export const deletions = sqliteTable(
  'deletions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    requestedBy: text('requested_by').notNull(),
    requestedAt: integer('requested_at').notNull(),
    /** Set once every destination answered (deleted, already gone or failed for good). */
    completedAt: integer('completed_at'),
    status: text('status', { enum: DELETION_STATUSES }).notNull(),
    selectorKind: text('selector_kind', { enum: DELETION_SELECTORS }).notNull(),
    /** HMAC-SHA256 of tenant, kind and selector with the IP_HASH_SALT secret: recognises a repeat, reveals nothing. */
    selectorHash: text('selector_hash').notNull(),
    /** JSON { table: rows deleted }. */
    rowsDeleted: text('rows_deleted').notNull().default('{}'),
  },
  (t) => [index('deletions_tenant_requested').on(t.tenantId, t.requestedAt, t.id)],
);

export const DELETION_DESTINATION_STATUSES = ['pending', 'deleted', 'not_found', 'failed'] as const;

/** Per deletion, each destination (and list target) asked to delete the person's records, with its answer. */
export const deletionDestinations = sqliteTable(
  'deletion_destinations',
  {
    tenantId: text('tenant_id').notNull(),
    deletionId: text('deletion_id').notNull(),
    destination: text('destination').notNull(),
    target: integer('target').notNull().default(0),
    status: text('status', { enum: DELETION_DESTINATION_STATUSES }).notNull(),
    /** Why it failed (the provider's status and message), never the person's data. */
    error: text('error'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.deletionId, t.destination, t.target] })],
);

/**
 * Ad spend per day, campaign and source (POST /v1/admin/spend). A re-import of the same key replaces the row.
 * `source` is '' when the import named none; cost is in millionths of the currency unit, so sums are exact.
 */
export const adSpend = sqliteTable(
  'ad_spend',
  {
    tenantId: text('tenant_id').notNull(),
    /** YYYY-MM-DD (UTC day). */
    date: text('date').notNull(),
    campaign: text('campaign').notNull(),
    source: text('source').notNull().default(''),
    costMicros: integer('cost_micros').notNull(),
    currency: text('currency').notNull(),
    importedAt: integer('imported_at').notNull(),
    importedBy: text('imported_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.date, t.campaign, t.source] })],
);

export const ALERT_KINDS = ['mql_to_sql_drop', 'cost_per_sql_rise', 'bot_spike'] as const;

/** A degradation the alerts cron found; one per (tenant, kind, campaign, window), notified through the notify queue. */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    /** '' for tenant-wide alerts (bot_spike). */
    campaign: text('campaign').notNull().default(''),
    windowStart: integer('window_start').notNull(),
    windowEnd: integer('window_end').notNull(),
    current: real('current').notNull(),
    previous: real('previous'),
    threshold: real('threshold').notNull(),
    createdAt: integer('created_at').notNull(),
    notifiedAt: integer('notified_at'),
    /** JSON array of the notify targets (indexes) that received it: a redelivered message posts nothing twice. */
    notifiedTargets: text('notified_targets').notNull().default('[]'),
  },
  (t) => [
    uniqueIndex('alerts_dedupe').on(t.tenantId, t.kind, t.campaign, t.windowEnd),
    index('alerts_tenant_created').on(t.tenantId, t.createdAt, t.id),
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
