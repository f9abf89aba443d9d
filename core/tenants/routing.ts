/**
 * `[[vars.TENANTS.<id>.routing]]`: ordered rules that decide where a lead goes. The first rule whose every
 * condition holds wins; no rule matching → the tenant's default Chatwoot inbox and every configured destination.
 *
 *   name = "enterprise to sales"
 *   when = { stage?, stage_in?, score_gte?, score_lt?, channel?, campaign?, landing_page_contains?, country?,
 *            answers? = { <question id> = value | [values] } }           (absent: matches every lead)
 *   then = { inbox?, team?, agent?, labels? = [..], priority?, destinations? = ["chatwoot", "hubspot", …] }
 *
 * The schema checks each rule's shape; routingProblem checks it against the rest of the tenant (inbox, team and
 * agent names declared under chatwoot.inboxes/teams/agents, destinations configured), run at start with the rest
 * of the config so an operator sees `tenant "acme": routing.2.then.inbox …` right after deploy.
 */
import * as v from 'valibot';
import type { LeadSnapshot } from '../lead-snapshot';
import { DESTINATIONS, type Destination } from '../messages';
import { STAGES } from '../scoring/types';
import type { ChatwootConfig } from './destinations';

const Text = (max: number) => v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(max));
/** `"x"` or `["x", "y"]`: matches when the value is one of them. */
const AnyOf = (item: v.GenericSchema<string, string>) =>
  v.pipe(
    v.union([item, v.pipe(v.array(item), v.minLength(1, 'must list at least one value'))], 'must be a text or a list of texts'),
    v.transform((value) => (typeof value === 'string' ? [value] : value)),
  );
const Score = v.pipe(v.number(), v.integer('must be a whole number'));
const Name = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be a name declared under chatwoot (lower case)'));

export const PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

const WhenSchema = v.strictObject({
  stage: v.optional(v.picklist(STAGES, `must be one of ${STAGES.join(', ')}`)),
  stage_in: v.optional(v.pipe(v.array(v.picklist(STAGES, `must be one of ${STAGES.join(', ')}`)), v.minLength(1))),
  score_gte: v.optional(Score),
  score_lt: v.optional(Score),
  /** The lead's channel (last touch's, or the first's): paid_search, email, direct, … */
  channel: v.optional(AnyOf(Text(32))),
  /** utm_campaign of the last touch (or the first's when the last has none). */
  campaign: v.optional(AnyOf(Text(256))),
  /** The first or the last touch's landing URL contains this (case-insensitive). */
  landing_page_contains: v.optional(Text(2048)),
  /** ISO 3166-1 alpha-2 of the lead's latest request. */
  country: v.optional(AnyOf(v.pipe(v.string(), v.toUpperCase(), v.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like "DE"')))),
  /** question id → the answer's value (or any of several values). */
  answers: v.optional(v.record(Text(64), AnyOf(Text(1024)))),
});

const ThenSchema = v.strictObject({
  inbox: v.optional(Name),
  team: v.optional(Name),
  agent: v.optional(Name),
  labels: v.optional(v.array(v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,64}$/, 'must be a Chatwoot label (a-z, 0-9, _ or -)'))), []),
  priority: v.optional(v.picklist(PRIORITIES, `must be one of ${PRIORITIES.join(', ')}`)),
  /** Which of the tenant's destinations get the lead (absent: all of them; [] : none). */
  destinations: v.optional(v.array(v.picklist(DESTINATIONS, `must be one of ${DESTINATIONS.join(', ')}`))),
});

export const RoutingRuleSchema = v.strictObject({
  name: Text(128),
  when: v.optional(WhenSchema, {}),
  then: ThenSchema,
});
export type RoutingRule = v.InferOutput<typeof RoutingRuleSchema>;

/** The routing key of a tenant table, spread into the tenant schema (core/tenants.ts). */
export const ROUTING_KEYS = {
  routing: v.optional(v.array(RoutingRuleSchema), []),
};

/** What routing reads of a tenant (core/tenants.ts's TenantConfig has it all). */
export interface RoutingTenant {
  chatwoot?: ChatwootConfig | undefined;
  hubspot?: object | undefined;
  pipedrive?: object | undefined;
  salesforce?: object | undefined;
  webhooks: readonly object[];
  notify: readonly object[];
  routing: readonly RoutingRule[];
}

/** The destinations a tenant configured, in DESTINATIONS order. */
export function configuredDestinations(tenant: Omit<RoutingTenant, 'routing'>): Destination[] {
  const configured: Record<Destination, boolean> = {
    chatwoot: tenant.chatwoot !== undefined,
    hubspot: tenant.hubspot !== undefined,
    pipedrive: tenant.pipedrive !== undefined,
    salesforce: tenant.salesforce !== undefined,
    webhook: tenant.webhooks.length > 0,
    notify: tenant.notify.length > 0,
  };
  return DESTINATIONS.filter((destination) => configured[destination]);
}

export interface ConfigProblem {
  field: string;
  reason: string;
}

const CHATWOOT_NAMES = { inbox: 'inboxes', team: 'teams', agent: 'agents' } as const;

/** The first rule that contradicts the rest of the tenant's config, or null. */
export function routingProblem(tenant: RoutingTenant): ConfigProblem | null {
  const configured = configuredDestinations(tenant);
  const names = new Set<string>();
  for (const [index, rule] of tenant.routing.entries()) {
    const at = (field: string, reason: string): ConfigProblem => ({
      field: `routing.${index}.${field}`,
      reason: `(rule "${rule.name}") ${reason}`,
    });
    if (names.has(rule.name)) return at('name', 'is used by an earlier rule: rule names must be unique');
    names.add(rule.name);
    const { when, then } = rule;
    if (when.stage !== undefined && when.stage_in !== undefined)
      return at('when.stage_in', 'cannot be combined with stage: use one of them');
    if (when.score_gte !== undefined && when.score_lt !== undefined && when.score_gte >= when.score_lt) {
      return at('when.score_lt', `(${when.score_lt}) must be greater than score_gte (${when.score_gte}), or the rule never matches`);
    }
    for (const key of ['inbox', 'team', 'agent'] as const) {
      const name = then[key];
      if (name === undefined) continue;
      if (!tenant.chatwoot) return at(`then.${key}`, `names a Chatwoot ${key} but the tenant has no [chatwoot] table`);
      const declared = tenant.chatwoot[CHATWOOT_NAMES[key]];
      if (!Object.hasOwn(declared, name)) {
        const known = Object.keys(declared);
        return at(
          `then.${key}`,
          `"${name}" is not declared under chatwoot.${CHATWOOT_NAMES[key]} (${known.length > 0 ? `declared: ${known.join(', ')}` : 'none declared'})`,
        );
      }
    }
    for (const [i, destination] of (then.destinations ?? []).entries()) {
      if (!configured.includes(destination)) {
        return at(
          `then.destinations.${i}`,
          `"${destination}" is not configured for this tenant (configured: ${configured.join(', ') || 'none'})`,
        );
      }
    }
  }
  return null;
}

export interface Route {
  /** The matching rule's name; null when none matched (the tenant's defaults). */
  rule: string | null;
  /** Chatwoot inbox id (the rule's, else chatwoot.inbox_id); null when the tenant has no Chatwoot. */
  inbox_id: number | null;
  team_id?: number;
  agent_id?: number;
  labels: string[];
  priority?: Priority;
  destinations: Destination[];
}

/** First matching rule wins; no match → the default inbox and every configured destination. Pure. */
export function routeLead(tenant: RoutingTenant, snapshot: LeadSnapshot): Route {
  const configured = configuredDestinations(tenant);
  const defaults: Route = { rule: null, inbox_id: tenant.chatwoot?.inbox_id ?? null, labels: [], destinations: configured };
  const rule = tenant.routing.find((candidate) => ruleMatches(candidate.when, snapshot));
  if (!rule) return defaults;
  const { then } = rule;
  const chatwoot = tenant.chatwoot;
  const route: Route = {
    rule: rule.name,
    inbox_id: then.inbox !== undefined && chatwoot ? (chatwoot.inboxes[then.inbox] ?? defaults.inbox_id) : defaults.inbox_id,
    labels: [...then.labels],
    // Validated at start, but never hand a message to a destination the tenant has no config for.
    destinations: then.destinations ? configured.filter((destination) => then.destinations?.includes(destination)) : configured,
  };
  const teamId = then.team !== undefined ? chatwoot?.teams[then.team] : undefined;
  const agentId = then.agent !== undefined ? chatwoot?.agents[then.agent] : undefined;
  if (teamId !== undefined) route.team_id = teamId;
  if (agentId !== undefined) route.agent_id = agentId;
  if (then.priority) route.priority = then.priority;
  return route;
}

type When = RoutingRule['when'];

function ruleMatches(when: When, lead: LeadSnapshot): boolean {
  if (when.stage !== undefined && lead.stage !== when.stage) return false;
  if (when.stage_in !== undefined && !when.stage_in.includes(lead.stage)) return false;
  if (when.score_gte !== undefined && !(lead.score >= when.score_gte)) return false;
  if (when.score_lt !== undefined && !(lead.score < when.score_lt)) return false;
  if (when.channel !== undefined && !includesText(when.channel, lead.channel)) return false;
  if (when.campaign !== undefined && !includesText(when.campaign, campaignOf(lead))) return false;
  if (when.landing_page_contains !== undefined) {
    const needle = when.landing_page_contains.toLowerCase();
    const urls = [lead.first_touch?.landing_url, lead.last_touch?.landing_url];
    if (!urls.some((url) => typeof url === 'string' && url.toLowerCase().includes(needle))) return false;
  }
  if (when.country !== undefined && !includesText(when.country, lead.country)) return false;
  for (const [questionId, values] of Object.entries(when.answers ?? {})) {
    const answer = lead.answers.find((item) => item.question_id === questionId);
    if (!answer || !values.includes(answer.value)) return false;
  }
  return true;
}

function campaignOf(lead: LeadSnapshot): string | null {
  return lead.last_touch?.utm_campaign || lead.first_touch?.utm_campaign || null;
}

function includesText(values: readonly string[], value: string | null): boolean {
  if (value === null) return false;
  const wanted = value.toLowerCase();
  return values.some((item) => item.toLowerCase() === wanted);
}
