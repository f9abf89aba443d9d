/**
 * Field mapping per CRM (issue 9 item 6; the keys are tenant config):
 *
 *   [vars.TENANTS.acme.hubspot.mapping]      # LeadTrail field → CRM property; "" drops a default
 *   "answers.size" = "company_size"
 *   score = "hubspot_score"
 *   [vars.TENANTS.acme.hubspot.stage_values] # stage → the CRM's enumeration value
 *   SQL = "salesqualifiedlead"
 *
 * With no mapping at all the defaults below apply: the `lt_*` properties of design §3 (Salesforce: `lt_*__c`,
 * custom field API names) plus each CRM's own email, name and phone fields. An unknown LeadTrail field is a
 * config error naming the tenant and the field (core/tenants.ts reports the issue's path).
 */
import * as v from 'valibot';
import type { LeadSnapshot } from '../lead-snapshot';
import { isLeadField, LEAD_FIELD_NAMES, leadFieldKind, leadFieldValue, type LeadFieldKind } from '../lead-fields';
import { STAGES, type Stage } from '../scoring/types';

/** The design §3 properties, by the LeadTrail field they carry. */
export const LT_PROPERTIES: Readonly<Record<string, string>> = {
  tracking_id: 'lt_tracking_id',
  score: 'lt_score',
  stage: 'lt_stage',
  channel: 'lt_channel',
  'first_touch.utm_source': 'lt_first_utm_source',
  'first_touch.utm_medium': 'lt_first_utm_medium',
  'first_touch.utm_campaign': 'lt_first_utm_campaign',
  'first_touch.landing_url': 'lt_first_landing_url',
  'first_touch.click_id': 'lt_first_click_id',
  'first_touch.ts': 'lt_first_touch_at',
  'last_touch.utm_source': 'lt_last_utm_source',
  'last_touch.utm_medium': 'lt_last_utm_medium',
  'last_touch.utm_campaign': 'lt_last_utm_campaign',
  'last_touch.landing_url': 'lt_last_landing_url',
  'last_touch.click_id': 'lt_last_click_id',
  'last_touch.ts': 'lt_last_touch_at',
};

const MappingKey = v.pipe(
  v.string(),
  v.check(isLeadField, (issue) => `unknown LeadTrail field "${String(issue.input)}" (known: ${LEAD_FIELD_NAMES.join(', ')})`),
);

/** `mapping`, `stage_values` and `date_format`, spread into each CRM's config schema. */
export function mappingKeys(property: v.GenericSchema<string, string>) {
  return {
    mapping: v.optional(v.record(MappingKey, v.union([v.literal(''), property])), {}),
    stage_values: v.optional(v.record(v.picklist(STAGES), v.pipe(v.string(), v.minLength(1), v.maxLength(100))), {}),
    /** How date fields (touch times, first/last seen) are written: the provider's default when absent. */
    date_format: v.optional(v.picklist(['iso', 'epoch_ms', 'date'])),
  };
}

export interface MappingOptions {
  mapping: Record<string, string>;
  stage_values: Partial<Record<Stage, string>>;
  date_format?: 'iso' | 'epoch_ms' | 'date' | undefined;
}

/** The effective LeadTrail field → property table: defaults, then the tenant's entries ("" removes one). */
export function effectiveMapping(defaults: Readonly<Record<string, string>>, options: MappingOptions): [field: string, property: string][] {
  const merged = new Map(Object.entries(defaults));
  for (const [field, property] of Object.entries(options.mapping)) {
    if (property === '') merged.delete(field);
    else merged.set(field, property);
  }
  return [...merged.entries()];
}

export type DateFormat = 'iso' | 'epoch_ms' | 'date';

export interface MappedField {
  field: string;
  property: string;
  kind: LeadFieldKind;
  /** Transformed for the provider: dates per `date_format`, stages per `stage_values`; null when the lead has none. */
  value: string | number | null;
}

export function formatDate(ms: number, format: DateFormat): string | number {
  if (format === 'epoch_ms') return ms;
  const iso = new Date(ms).toISOString();
  return format === 'date' ? iso.slice(0, 10) : iso;
}

/** The lead's values for every mapped property, transformed for one provider (pure). */
export function mappedFields(
  lead: LeadSnapshot,
  defaults: Readonly<Record<string, string>>,
  options: MappingOptions,
  providerDateFormat: DateFormat,
): MappedField[] {
  const dateFormat = options.date_format ?? providerDateFormat;
  return effectiveMapping(defaults, options).map(([field, property]) => {
    const kind = leadFieldKind(field);
    const raw = leadFieldValue(lead, field);
    let value: string | number | null = raw;
    if (raw !== null && kind === 'date' && typeof raw === 'number') value = formatDate(raw, dateFormat);
    if (raw !== null && kind === 'stage') value = options.stage_values[raw as Stage] ?? raw;
    return { field, property, kind, value };
  });
}
