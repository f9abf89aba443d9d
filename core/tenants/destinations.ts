/**
 * Tenant config of the destinations (design §3; the keys are the public contract). Every credential is the NAME
 * of a secret set with `wrangler secret put`, never its value: the consumers read `env[name]` at delivery time.
 */
import * as v from 'valibot';
import { mappingKeys } from './crm-mapping';

/** A secret's name as `wrangler secret put` takes it (the value never appears in wrangler.toml). */
export const SecretName = v.pipe(
  v.string(),
  v.regex(/^[A-Z][A-Z0-9_]{0,127}$/, 'must be the NAME of a secret (A-Z, 0-9, _), set with `wrangler secret put`'),
);

const HttpUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  v.regex(/^https?:\/\//, 'must be an http(s) URL'),
  v.transform((url) => url.replace(/\/+$/, '')),
);
const Id = v.pipe(v.number(), v.integer(), v.minValue(1));
const NamedIds = v.optional(v.record(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a short lower-case name')), Id), {});

export const ChatwootConfigSchema = v.strictObject({
  base_url: HttpUrl,
  account_id: Id,
  /** The default inbox: where a lead goes when no routing rule picks another. */
  inbox_id: Id,
  token: SecretName,
  webhook_secret: v.optional(SecretName),
  /** Names routing rules may use for inboxes, teams and agents (name → Chatwoot id). */
  inboxes: NamedIds,
  teams: NamedIds,
  agents: NamedIds,
});
export type ChatwootConfig = v.InferOutput<typeof ChatwootConfigSchema>;

export const NOTIFY_KINDS = ['slack', 'discord', 'teams'] as const;
export const NotifyConfigSchema = v.strictObject({
  kind: v.picklist(NOTIFY_KINDS),
  /** Secret holding the incoming-webhook URL (the URL itself is a credential). */
  url: SecretName,
  stages: v.optional(v.array(v.picklist(['SQL', 'MQL'])), ['SQL', 'MQL']),
});
export type NotifyConfig = v.InferOutput<typeof NotifyConfigSchema>;

export const WebhookConfigSchema = v.strictObject({
  url: HttpUrl,
  secret: SecretName,
  /** Which events this endpoint receives (default both). */
  events: v.optional(v.array(v.picklist(['lead.upserted', 'lead.stage_changed'])), ['lead.upserted', 'lead.stage_changed']),
});
export type WebhookConfig = v.InferOutput<typeof WebhookConfigSchema>;

/** A CRM property name in a tenant's `mapping` (HubSpot internal names, Salesforce API names, Pipedrive field names). */
const PropertyName = (pattern: RegExp, message: string) => v.pipe(v.string(), v.maxLength(100), v.regex(pattern, message));

/** An internal value of a HubSpot enumeration property (stage ids, lead types). */
const LeadEnum = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be an internal HubSpot value (A-Z, a-z, 0-9, _, -)'));

export const HubspotConfigSchema = v.strictObject({
  token: SecretName,
  base_url: v.optional(HttpUrl, 'https://api.hubapi.com'),
  ...mappingKeys(PropertyName(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot internal property name (a-z, 0-9, _)')),
  /** Also create one HubSpot Lead object (CRM leads-v3) per LeadTrail lead, associated to its contact. */
  create_lead: v.optional(v.boolean(), false),
  /** The Lead's `hs_pipeline_stage` (an internal stage id of the portal's lead pipeline); HubSpot's default when absent. */
  lead_pipeline_stage: v.optional(LeadEnum),
  /** The Lead's `hs_lead_type` (an internal value such as NEW_BUSINESS); unset when absent. */
  lead_type: v.optional(LeadEnum),
});
export type HubspotConfig = v.InferOutput<typeof HubspotConfigSchema>;

export const PipedriveConfigSchema = v.strictObject({
  token: SecretName,
  base_url: v.optional(HttpUrl, 'https://api.pipedrive.com'),
  /** Person field names (created as custom person fields when the account lacks them) or 40-hex field keys. */
  ...mappingKeys(PropertyName(/^\S(.*\S)?$/, 'must be a Pipedrive person field name')),
  /** The title of the Pipedrive lead created for each LeadTrail lead; `{name}`, `{email}`, `{stage}` are filled in. */
  lead_title: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200)), 'LeadTrail: {name}'),
});
export type PipedriveConfig = v.InferOutput<typeof PipedriveConfigSchema>;

export const SalesforceConfigSchema = v.strictObject({
  instance_url: HttpUrl,
  client_id: SecretName,
  client_secret: SecretName,
  object: v.optional(v.picklist(['Lead', 'Contact']), 'Lead'),
  external_id_field: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, 'must be a custom field API name like LeadTrail_Id__c')),
    'LeadTrail_Id__c',
  ),
  /** REST API version (46.0+: upsert's `created` flag and sObject Collections upsert). */
  api_version: v.optional(v.pipe(v.string(), v.regex(/^\d{2}\.0$/, 'must be an API version like 62.0')), '62.0'),
  /** Field API names (custom fields end in __c and must exist in the org: an unknown one is a dead letter naming it). */
  ...mappingKeys(PropertyName(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a Salesforce field API name')),
});
export type SalesforceConfig = v.InferOutput<typeof SalesforceConfigSchema>;

const Fraction = v.pipe(v.number(), v.minValue(0.01, 'must be at least 0.01'), v.maxValue(1, 'must be at most 1'));
const Positive = v.pipe(v.number(), v.minValue(0.01, 'must be greater than 0'));
const Count = (min: number, max: number) => v.pipe(v.number(), v.integer('must be an integer'), v.minValue(min), v.maxValue(max));

/**
 * The alerts cron's thresholds (README, Console: alerts). A campaign is compared with itself over the trailing
 * `window_days` and the window before; defaults apply to every tenant with a console.
 */
export const AlertsConfigSchema = v.strictObject({
  /** Fire when MQL→SQL falls by at least this fraction (0.3: from 50 % to 35 % or lower). */
  mql_to_sql_drop: v.optional(Fraction, 0.3),
  /** Fire when cost per SQL rises by at least this fraction (0.5: +50 %). */
  cost_per_sql_rise: v.optional(Positive, 0.5),
  /** Fire when bot events are at least this many times the previous window's. */
  bot_spike: v.optional(v.pipe(v.number(), v.minValue(1.1, 'must be at least 1.1')), 3),
  window_days: v.optional(Count(1, 90), 7),
  /** A campaign is compared only with at least this many leads in each window (noise otherwise). */
  min_leads: v.optional(Count(1, 100_000), 10),
  /** A bot spike needs at least this many bot events in the window. */
  min_bot_events: v.optional(Count(1, 10_000_000), 100),
});
export type AlertsConfig = v.InferOutput<typeof AlertsConfigSchema>;

export const ConsoleConfigSchema = v.strictObject({
  jwt_secret: SecretName,
  /** The currency of spend imports that name none (ISO 4217). */
  currency: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')), 'USD'),
  alerts: v.optional(AlertsConfigSchema, {}),
});
export type ConsoleConfig = v.InferOutput<typeof ConsoleConfigSchema>;

/** The destination keys of a tenant table, spread into the tenant schema (core/tenants.ts). */
export const DESTINATION_KEYS = {
  chatwoot: v.optional(ChatwootConfigSchema),
  notify: v.optional(v.array(NotifyConfigSchema), []),
  webhooks: v.optional(v.array(WebhookConfigSchema), []),
  hubspot: v.optional(HubspotConfigSchema),
  pipedrive: v.optional(PipedriveConfigSchema),
  salesforce: v.optional(SalesforceConfigSchema),
  console: v.optional(ConsoleConfigSchema),
};
