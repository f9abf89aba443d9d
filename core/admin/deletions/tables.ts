/**
 * Every table of core/schema.ts, classified for GDPR deletion: where a person's rows are (a WHERE clause over
 * ?1 = tenant id, ?2 = JSON array of the person's lead ids, ?3 = JSON array of their tracking ids), or why the
 * table holds nothing of a person. tables.test.ts fails when a table of the schema is in neither list, so a new
 * table cannot be forgotten. Order matters: rows found through another table go before it.
 */
const LEADS = `(SELECT value FROM json_each(?2))`;
const TRACKING_IDS = `(SELECT value FROM json_each(?3))`;

export const PERSON_TABLES = {
  // The webhook deliveries that brought their conversation events (found through those, so deleted first).
  inbound_webhooks: `tenant_id = ?1 AND delivery_id IN (SELECT delivery_id FROM conversation_events WHERE tenant_id = ?1 AND lead_id IN ${LEADS})`,
  conversation_events: `tenant_id = ?1 AND lead_id IN ${LEADS}`,
  // What the visitor typed in the widget's chat, and who held their chat (worker-queue/chat, core/chat).
  chat_messages: `tenant_id = ?1 AND (tracking_id IN ${TRACKING_IDS} OR lead_id IN ${LEADS})`,
  chat_claims: `tenant_id = ?1 AND tracking_id IN ${TRACKING_IDS}`,
  chatwoot_links: `tenant_id = ?1 AND lead_id IN ${LEADS}`,
  // Destination messages name the lead; an events message carries the browser's raw events (traits included).
  dead_letters: `tenant_id = ?1 AND (lead_id IN ${LEADS}
    OR (json_valid(body) AND (json_extract(body, '$.lead_id') IN ${LEADS} OR json_extract(body, '$.tracking_id') IN ${TRACKING_IDS}
      OR EXISTS (SELECT 1 FROM json_each(body, '$.events') e WHERE json_extract(e.value, '$.event.tracking_id') IN ${TRACKING_IDS}))))`,
  deliveries: `tenant_id = ?1 AND lead_id IN ${LEADS}`,
  delivery_claims: `tenant_id = ?1 AND lead_id IN ${LEADS}`,
  lead_changes: `tenant_id = ?1 AND lead_id IN ${LEADS}`,
  touches: `tenant_id = ?1 AND (lead_id IN ${LEADS} OR tracking_id IN ${TRACKING_IDS})`,
  raw_events: `tenant_id = ?1 AND tracking_id IN ${TRACKING_IDS}`,
  lead_aliases: `tenant_id = ?1 AND (lead_id IN ${LEADS} OR tracking_id IN ${TRACKING_IDS})`,
  // Absorbed leads included (their ids are in ?2). Answers and the score breakdown are columns of this table.
  leads: `tenant_id = ?1 AND id IN ${LEADS}`,
} as const;

export type PersonTable = keyof typeof PERSON_TABLES;

export const NOT_PERSONAL_TABLES = {
  destination_accounts: 'per remote account (provisioned properties, labels, an endpoint gone): no person in it',
  deletions: 'the audit row: counts and a salted hash of the selector, never the person',
  deletion_destinations: 'per deletion and destination: a status and the provider error, never the person',
  ad_spend: 'cost per campaign and day, imported by the tenant: no person in it',
  alerts: 'campaign-level rates and costs the alerts cron compared: no person in it',
} as const;

export const PERSON_TABLE_NAMES = Object.keys(PERSON_TABLES) as PersonTable[];
