/**
 * Pure: a lead snapshot (and its route) → what Chatwoot should show (design §3, §5). The result is the payload the
 * delivery loop hashes, so it holds only what an agent sees: a new page view that changes nothing visible does not
 * cause a delivery. The `lt_*` attribute names are the public contract.
 */
import type { Touch } from '../../../core/events';
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import type { Stage } from '../../../core/scoring/types';
import type { ChatwootRoute, Priority } from './route';

export type AttributeValue = string | number | null;
export type Attributes = Record<string, AttributeValue>;

/** Custom attribute definitions provisioned on the account: key → display name and Chatwoot display type. */
export const LT_ATTRIBUTES = {
  lt_tracking_id: { name: 'LeadTrail tracking id', type: 0 },
  lt_lead_id: { name: 'LeadTrail lead id', type: 0 },
  lt_score: { name: 'Lead score', type: 1 },
  lt_stage: { name: 'Lead stage', type: 0 },
  lt_channel: { name: 'Channel', type: 0 },
  lt_first_utm_source: { name: 'First touch: source', type: 0 },
  lt_first_utm_medium: { name: 'First touch: medium', type: 0 },
  lt_first_utm_campaign: { name: 'First touch: campaign', type: 0 },
  lt_first_landing_url: { name: 'First touch: landing page', type: 4 },
  lt_first_referrer: { name: 'First touch: referrer', type: 4 },
  lt_last_utm_source: { name: 'Last touch: source', type: 0 },
  lt_last_utm_medium: { name: 'Last touch: medium', type: 0 },
  lt_last_utm_campaign: { name: 'Last touch: campaign', type: 0 },
  lt_last_landing_url: { name: 'Last touch: landing page', type: 4 },
  lt_click_ids: { name: 'Click ids', type: 0 },
  lt_country: { name: 'Country', type: 0 },
  lt_touches: { name: 'Touches', type: 1 },
  lt_variant: { name: 'Widget variant (A/B)', type: 0 },
} as const satisfies Record<string, { name: string; type: number }>;
export type AttributeKey = keyof typeof LT_ATTRIBUTES;

/** Labels every account gets up front: the stages (lower case, design §3) and the channels the tracker derives. */
export const STATIC_LABELS = [
  'sql',
  'mql',
  'unqualified',
  'paid_search',
  'paid_social',
  'organic_search',
  'social',
  'email',
  'referral',
  'direct',
  'display',
  'affiliate',
] as const;

export interface NoteFacts {
  lead_id: string;
  tracking_id: string;
  stage: Stage;
  score: number;
  breakdown: { rule: string; points: number }[];
  answers: { question_id: string; value: string; points: number }[];
  touches: {
    ts: number;
    channel: string;
    source: string | null;
    medium: string | null;
    campaign: string | null;
    landing_url: string | null;
  }[];
}

export interface ChatwootPayload {
  account_id: number;
  /** Contact identifier and contact-inbox source_id: derived from the lead's first tracking id (design §5). */
  identifier: string;
  source_id: string;
  contact: { name: string | null; email: string | null; phone_number: string | null; custom_attributes: Attributes };
  conversation: {
    inbox_id: number;
    custom_attributes: Attributes;
    labels: string[];
    team_id: number | null;
    assignee_id: number | null;
    priority: Priority | null;
  };
  facts: NoteFacts;
}

/** Chatwoot label titles: letters, digits, `-` and `_`, lower case. */
export function labelOf(text: string): string | null {
  const label = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50);
  return label === '' ? null : label;
}

function touchAttributes(prefix: 'first' | 'last', touch: Touch | null): Attributes {
  return {
    [`lt_${prefix}_utm_source`]: touch?.utm_source ?? null,
    [`lt_${prefix}_utm_medium`]: touch?.utm_medium ?? null,
    [`lt_${prefix}_utm_campaign`]: touch?.utm_campaign ?? null,
    [`lt_${prefix}_landing_url`]: touch?.landing_url ?? null,
  };
}

function clickIds(touch: Touch | null): string | null {
  const entries = Object.entries(touch?.click_ids ?? {});
  return entries.length === 0 ? null : entries.map(([key, value]) => `${key}=${value}`).join(' ');
}

/** The complete attribute set: every key always present (null when unknown), as both endpoints need full sets. */
export function attributesOf(snapshot: LeadSnapshot): Attributes {
  const attributes: Attributes = {
    lt_tracking_id: snapshot.tracking_id,
    lt_lead_id: snapshot.id,
    lt_score: snapshot.score,
    lt_stage: snapshot.stage,
    lt_channel: snapshot.channel,
    ...touchAttributes('first', snapshot.first_touch),
    lt_first_referrer: snapshot.first_touch?.referrer ?? null,
    ...touchAttributes('last', snapshot.last_touch),
    lt_click_ids: clickIds(snapshot.last_touch) ?? clickIds(snapshot.first_touch),
    lt_country: snapshot.country,
    lt_touches: snapshot.touches.length,
    lt_variant: snapshot.variant,
  };
  return attributes;
}

export function labelsOf(snapshot: LeadSnapshot, route: ChatwootRoute): string[] {
  const campaign = snapshot.last_touch?.utm_campaign ?? snapshot.first_touch?.utm_campaign ?? null;
  const labels = [snapshot.stage.toLowerCase(), snapshot.channel, campaign, ...route.labels]
    .filter((label): label is string => typeof label === 'string')
    .map(labelOf)
    .filter((label): label is string => label !== null);
  return [...new Set(labels)].sort();
}

function factsOf(snapshot: LeadSnapshot): NoteFacts {
  return {
    lead_id: snapshot.id,
    tracking_id: snapshot.tracking_id,
    stage: snapshot.stage,
    score: snapshot.score,
    breakdown: snapshot.score_breakdown.map((item) => ({ rule: item.rule, points: item.points })),
    answers: snapshot.answers.map((answer) => ({ question_id: answer.question_id, value: answer.value, points: answer.points })),
    touches: snapshot.touches.map((touch) => ({
      ts: touch.ts,
      channel: touch.channel,
      source: touch.utm_source ?? null,
      medium: touch.utm_medium ?? null,
      campaign: touch.utm_campaign ?? null,
      landing_url: touch.landing_url ?? null,
    })),
  };
}

/** Chatwoot's identifier/source_id from the lead's first tracking id: stable across retries, replays and merges. */
export function sourceIdOf(trackingId: string): string {
  return `lt-${trackingId}`;
}

export function chatwootPayload(snapshot: LeadSnapshot, accountId: number, route: ChatwootRoute): ChatwootPayload {
  const attributes = attributesOf(snapshot);
  return {
    account_id: accountId,
    identifier: snapshot.tracking_id,
    source_id: sourceIdOf(snapshot.tracking_id),
    contact: { name: snapshot.name, email: snapshot.email, phone_number: snapshot.phone, custom_attributes: attributes },
    conversation: {
      inbox_id: route.inbox_id,
      custom_attributes: attributes,
      labels: labelsOf(snapshot, route),
      team_id: route.team_id ?? null,
      assignee_id: route.agent_id ?? null,
      priority: route.priority ?? null,
    },
    facts: factsOf(snapshot),
  };
}
