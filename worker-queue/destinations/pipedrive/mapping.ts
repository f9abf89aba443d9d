/**
 * Pure: lead snapshot → Pipedrive request bodies, typed from ../shared/specs/pipedrive (spec-v*.gen.ts). Custom
 * person fields are named here by field NAME (`lt_score`, …); the account's 40-character keys are resolved at
 * delivery (fields.ts), so the payload, and so the ledger's hash, does not depend on the account.
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import { LT_PROPERTIES, mappedFields } from '../../../core/tenants/crm-mapping';
import type { PipedriveConfig } from '../../../core/tenants/destinations';
import type { operations as V1 } from './spec-v1.gen';
import type { operations as V2 } from './spec-v2.gen';

export type PersonBody = NonNullable<V2['addPerson']['requestBody']>['content']['application/json'];
export type PersonPatch = NonNullable<V2['updatePerson']['requestBody']>['content']['application/json'];
export type PersonFieldBody = V2['addPersonField']['requestBody']['content']['application/json'];
export type LeadBody = NonNullable<V1['addLead']['requestBody']>['content']['application/json'];
export type NoteBody = NonNullable<V1['addNote']['requestBody']>['content']['application/json'];

/** Pipedrive's own person fields for the identity; everything else is a custom person field (by name). */
const BUILT_IN: Readonly<Record<string, 'name' | 'emails' | 'phones'>> = { name: 'name', emails: 'emails', phones: 'phones' };
export const PIPEDRIVE_DEFAULTS: Readonly<Record<string, string>> = { name: 'name', email: 'emails', phone: 'phones', ...LT_PROPERTIES };

export interface PipedrivePayload {
  email: string | null;
  name: string | null;
  phone: string | null;
  /** Custom person field name → value (null clears it). */
  custom: Record<string, string | number | null>;
  /** Field name → `double` for numbers, `varchar` otherwise: the type a missing field is created with. */
  types: Record<string, 'double' | 'varchar'>;
  lead_title: string;
  note: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function touchLine(label: string, touch: LeadSnapshot['first_touch']): string {
  if (!touch) return `<li>${label}: none</li>`;
  const parts = [touch.channel, touch.utm_source, touch.utm_medium, touch.utm_campaign].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  const landing = touch.landing_url ? ` — ${escapeHtml(touch.landing_url)}` : '';
  return `<li>${label}: ${escapeHtml(parts.join(' / '))}${landing} (${new Date(touch.ts).toISOString()})</li>`;
}

/** The note on the Pipedrive lead: where the person came from and why the score is what it is. */
export function leadNote(lead: LeadSnapshot): string {
  const breakdown = lead.score_breakdown
    .map((item) => `<li>${escapeHtml(item.rule)}: ${item.points > 0 ? '+' : ''}${item.points}</li>`)
    .join('');
  const answers = lead.answers.map((answer) => `<li>${escapeHtml(answer.question_id)}: ${escapeHtml(answer.value)}</li>`).join('');
  return [
    `<p><b>LeadTrail</b>: score ${lead.score}, stage ${escapeHtml(lead.stage)}, channel ${escapeHtml(lead.channel)}</p>`,
    `<p>Attribution</p><ul>${touchLine('First touch', lead.first_touch)}${touchLine('Last touch', lead.last_touch)}</ul>`,
    `<p>Score breakdown</p><ul>${breakdown || '<li>none</li>'}</ul>`,
    answers ? `<p>Answers</p><ul>${answers}</ul>` : '',
    `<p>Tracking id ${escapeHtml(lead.tracking_id)}</p>`,
  ].join('');
}

export function pipedrivePayload(lead: LeadSnapshot, config: PipedriveConfig): PipedrivePayload {
  const payload: PipedrivePayload = { email: null, name: null, phone: null, custom: {}, types: {}, lead_title: '', note: leadNote(lead) };
  for (const field of mappedFields(lead, PIPEDRIVE_DEFAULTS, config, 'iso')) {
    const builtIn = Object.hasOwn(BUILT_IN, field.property) ? BUILT_IN[field.property] : undefined;
    const text = field.value === null ? null : String(field.value);
    if (builtIn === 'emails') payload.email = text?.trim().toLowerCase() ?? null;
    else if (builtIn === 'phones') payload.phone = text;
    else if (builtIn === 'name') payload.name = text;
    else {
      payload.custom[field.property] = field.value;
      payload.types[field.property] = field.kind === 'number' ? 'double' : 'varchar';
    }
  }
  const title = config.lead_title.replace(/\{(name|email|stage)\}/g, (_, key: string) =>
    key === 'name' ? (lead.name ?? lead.email ?? lead.tracking_id) : key === 'email' ? (lead.email ?? '') : lead.stage,
  );
  payload.lead_title = title.trim() === '' ? `LeadTrail ${lead.tracking_id}` : title;
  return payload;
}

/**
 * Person body with custom fields under their account keys (`keys`: field name → 40-char key); numbers stay numbers
 * only for the fields that take them (`numeric`), a text field gets its value as text.
 */
export function personBody(
  payload: PipedrivePayload,
  keys: Record<string, string>,
  numeric: ReadonlySet<string> = new Set(),
): PersonBody & PersonPatch {
  const custom: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(payload.custom)) {
    const key = keys[name];
    if (key) custom[key] = typeof value === 'number' && !numeric.has(name) ? String(value) : value;
  }
  return {
    // Pipedrive requires a name on a person: fall back to the email (or our tracking id via the title).
    name: payload.name ?? payload.email ?? payload.lead_title,
    ...(payload.email ? { emails: [{ value: payload.email, primary: true, label: 'work' }] } : {}),
    ...(payload.phone ? { phones: [{ value: payload.phone, primary: true, label: 'work' }] } : {}),
    custom_fields: custom,
  };
}

export function personFieldBody(name: string, type: 'double' | 'varchar'): PersonFieldBody {
  return { field_name: name, field_type: type };
}

export function leadBody(payload: PipedrivePayload, personId: number): LeadBody {
  return { title: payload.lead_title, person_id: personId };
}

export function noteBody(payload: PipedrivePayload, leadId: string): NoteBody {
  return { content: payload.note, lead_id: leadId };
}
