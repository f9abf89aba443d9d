/**
 * The LeadTrail fields a tenant may map to CRM properties (issue 9 item 6), and how each is read from the lead
 * snapshot. A closed vocabulary, so a typo in a tenant's `mapping` is a config error at start, not an empty CRM
 * property months later. Pure: the connectors' mapping.ts files turn these values into their providers' formats.
 */
import type { Touch } from './events';
import type { LeadSnapshot } from './lead-snapshot';
import type { Stage } from './scoring/types';

export type LeadFieldKind = 'string' | 'number' | 'date' | 'stage';
export type LeadFieldValue = string | number | null;

const TOUCH_KEYS = [
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'utm_id',
  'channel',
  'referrer',
  'landing_url',
] as const;

/** Fields of the snapshot itself (touch fields are `first_touch.<key>` / `last_touch.<key>`, see below). */
const LEAD_FIELDS: Record<string, { kind: LeadFieldKind; read: (lead: LeadSnapshot) => LeadFieldValue }> = {
  id: { kind: 'string', read: (lead) => lead.id },
  tracking_id: { kind: 'string', read: (lead) => lead.tracking_id },
  email: { kind: 'string', read: (lead) => lead.email },
  phone: { kind: 'string', read: (lead) => lead.phone },
  name: { kind: 'string', read: (lead) => lead.name },
  first_name: { kind: 'string', read: (lead) => splitName(lead.name).first },
  last_name: { kind: 'string', read: (lead) => splitName(lead.name).last },
  score: { kind: 'number', read: (lead) => lead.score },
  stage: { kind: 'stage', read: (lead) => lead.stage },
  channel: { kind: 'string', read: (lead) => lead.channel },
  country: { kind: 'string', read: (lead) => lead.country },
  first_seen: { kind: 'date', read: (lead) => lead.first_seen },
  last_seen: { kind: 'date', read: (lead) => lead.last_seen },
  updated_at: { kind: 'date', read: (lead) => lead.updated_at },
};

const TOUCH_FIELDS: Record<string, { kind: LeadFieldKind; read: (touch: Touch) => LeadFieldValue }> = {
  ...Object.fromEntries(TOUCH_KEYS.map((key) => [key, { kind: 'string' as const, read: (touch: Touch) => touch[key] ?? null }])),
  ts: { kind: 'date', read: (touch) => touch.ts },
  /** The touch's first click id as `name:value` (e.g. `gclid:Cj0…`): which ad network and which click. */
  click_id: { kind: 'string', read: (touch) => firstClickId(touch) },
};

/** `traits.<key>`, `answers.<question_id>`, `first_touch.click_ids.<name>`: open-ended keys of the snapshot. */
const OPEN_KEY = /^(traits|answers)\.[A-Za-z0-9_-]{1,64}$|^(first|last)_touch\.click_ids\.[A-Za-z0-9_]{1,64}$/;

/** Every closed field name, for error messages and the README. */
export const LEAD_FIELD_NAMES: readonly string[] = [
  ...Object.keys(LEAD_FIELDS),
  ...['first_touch', 'last_touch'].flatMap((touch) => Object.keys(TOUCH_FIELDS).map((key) => `${touch}.${key}`)),
  'traits.<key>',
  'answers.<question_id>',
  'first_touch.click_ids.<name>',
  'last_touch.click_ids.<name>',
];

export function isLeadField(field: string): boolean {
  if (Object.hasOwn(LEAD_FIELDS, field) || OPEN_KEY.test(field)) return true;
  const [touch, key] = field.split('.', 2);
  return (
    (touch === 'first_touch' || touch === 'last_touch') &&
    key !== undefined &&
    Object.hasOwn(TOUCH_FIELDS, key) &&
    field.split('.').length === 2
  );
}

export function leadFieldKind(field: string): LeadFieldKind {
  if (Object.hasOwn(LEAD_FIELDS, field)) return LEAD_FIELDS[field]?.kind ?? 'string';
  const [touch, key] = field.split('.');
  if ((touch === 'first_touch' || touch === 'last_touch') && key && Object.hasOwn(TOUCH_FIELDS, key))
    return TOUCH_FIELDS[key]?.kind ?? 'string';
  return 'string';
}

/** The field's value in the snapshot; null when the lead has none (no touch, no such trait or answer). */
export function leadFieldValue(lead: LeadSnapshot, field: string): LeadFieldValue {
  const known = Object.hasOwn(LEAD_FIELDS, field) ? LEAD_FIELDS[field] : undefined;
  if (known) return known.read(lead);
  const [head, key, sub] = field.split('.');
  if (head === 'traits' && key) return Object.hasOwn(lead.traits, key) ? (lead.traits[key] ?? null) : null;
  if (head === 'answers' && key) {
    const answers = lead.answers.filter((answer) => answer.question_id === key);
    return answers.length === 0 ? null : answers.map((answer) => answer.value).join(';');
  }
  const touch = head === 'first_touch' ? lead.first_touch : head === 'last_touch' ? lead.last_touch : null;
  if (!touch || !key) return null;
  if (key === 'click_ids' && sub) return Object.hasOwn(touch.click_ids, sub) ? (touch.click_ids[sub] ?? null) : null;
  const reader = Object.hasOwn(TOUCH_FIELDS, key) ? TOUCH_FIELDS[key] : undefined;
  return reader ? reader.read(touch) : null;
}

function firstClickId(touch: Touch): string | null {
  const [entry] = Object.entries(touch.click_ids).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entry ? `${entry[0]}:${entry[1]}` : null;
}

/** "Ada Lovelace" → Ada / Lovelace; a single word is the last name (CRMs require a last name, not a first). */
export function splitName(name: string | null): { first: string | null; last: string | null } {
  const parts = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { first: null, last: null };
  if (parts.length === 1) return { first: null, last: parts[0] ?? null };
  return { first: parts.slice(0, -1).join(' '), last: parts.at(-1) ?? null };
}

export type { Stage };
