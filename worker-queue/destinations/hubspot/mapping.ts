/**
 * Pure: lead snapshot → HubSpot request bodies, typed from ../shared/specs/hubspot (spec-*.gen.ts). Property values
 * are strings (HubSpot's API takes every property as a string; "" clears one), dates epoch ms by default.
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import { LT_PROPERTIES, mappedFields, type MappedField } from '../../../core/tenants/crm-mapping';
import type { HubspotConfig } from '../../../core/tenants/destinations';
import type { components as Contacts } from './spec-contacts.gen';
import type { components as Leads } from './spec-leads.gen';
import type { components as Properties } from './spec-properties.gen';

export type UpsertInput = Contacts['schemas']['SimplePublicObjectBatchInputUpsert'];
export type UpsertBatch = Contacts['schemas']['BatchInputSimplePublicObjectBatchInputUpsert'];
export type CreateInput = Contacts['schemas']['SimplePublicObjectInputForCreate'];
export type UpdateInput = Contacts['schemas']['SimplePublicObjectInput'];
export type LeadCreate = Leads['schemas']['SimplePublicObjectInputForCreate'];
export type PropertyCreate = Properties['schemas']['PropertyCreate'];
export type PropertyBatch = Properties['schemas']['BatchInputPropertyCreate'];

/** HubSpot's own contact properties for the identity fields; the rest are design §3's `lt_*` custom properties. */
export const HUBSPOT_DEFAULTS: Readonly<Record<string, string>> = {
  email: 'email',
  first_name: 'firstname',
  last_name: 'lastname',
  phone: 'phone',
  ...LT_PROPERTIES,
};

/** What the ledger hashes and every later step sends: the lower-cased email and the complete property set. */
export interface HubspotPayload {
  email: string | null;
  properties: Record<string, string>;
  /** Kinds of the mapped properties, so provisioning creates each with the right type. */
  kinds: Record<string, MappedField['kind']>;
  /** The HubSpot Lead's properties when the tenant has `create_lead` (part of the ledger hash, so turning it on delivers again). */
  lead?: Record<string, string>;
}

/**
 * HubSpot's association type for a Lead's primary contact (category HUBSPOT_DEFINED, Lead → Contact 578 "Lead to
 * primary contact"): HubSpot refuses a Lead created without an association to a contact.
 */
export const LEAD_TO_PRIMARY_CONTACT = 578;

/** `hs_lead_name` (the one property a Lead needs): the person's name, else the email, else our lead id. */
export function leadProperties(lead: LeadSnapshot, config: HubspotConfig): Record<string, string> {
  const name = lead.name?.trim() || lead.email?.trim().toLowerCase() || `LeadTrail ${lead.id}`;
  const properties: Record<string, string> = { hs_lead_name: name.slice(0, 200) };
  if (config.lead_pipeline_stage !== undefined) properties.hs_pipeline_stage = config.lead_pipeline_stage;
  if (config.lead_type !== undefined) properties.hs_lead_type = config.lead_type;
  return properties;
}

export function leadInput(properties: Record<string, string>, contactId: string): LeadCreate {
  return {
    properties,
    associations: [
      { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: LEAD_TO_PRIMARY_CONTACT }] },
    ],
  };
}

function asString(value: string | number | null): string {
  return value === null ? '' : String(value);
}

export function hubspotPayload(lead: LeadSnapshot, config: HubspotConfig): HubspotPayload {
  const fields = mappedFields(lead, HUBSPOT_DEFAULTS, config, 'epoch_ms');
  const email = lead.email === null ? null : lead.email.trim().toLowerCase();
  const properties: Record<string, string> = {};
  const kinds: Record<string, MappedField['kind']> = {};
  for (const field of fields) {
    // An empty identity field must not clear what sales typed in HubSpot; lt_* properties are ours: always complete.
    if (field.value === null && !field.property.startsWith('lt_')) continue;
    properties[field.property] = field.property === 'email' ? (email ?? '') : asString(field.value);
    kinds[field.property] = field.kind;
  }
  if (email === null) delete properties.email;
  return { email, properties, kinds, ...(config.create_lead ? { lead: leadProperties(lead, config) } : {}) };
}

export function upsertInput(payload: HubspotPayload & { email: string }, deliveryId: string): UpsertInput {
  return { id: payload.email, idProperty: 'email', objectWriteTraceId: deliveryId, properties: payload.properties };
}

export function upsertBatch(inputs: UpsertInput[]): UpsertBatch {
  return { inputs };
}

export function createInput(payload: HubspotPayload): CreateInput {
  return { properties: payload.properties, associations: [] };
}

export function updateInput(payload: HubspotPayload): UpdateInput {
  return { properties: payload.properties };
}

/** HubSpot's built-in contact properties: never created by us. */
export const HUBSPOT_BUILT_IN = new Set([
  'email',
  'firstname',
  'lastname',
  'phone',
  'company',
  'website',
  'country',
  'lifecyclestage',
  'hs_lead_status',
]);

export function propertyDefinition(name: string, kind: MappedField['kind']): PropertyCreate {
  const base = { name, label: labelOf(name), groupName: 'contactinformation', description: 'Set by LeadTrail', formField: false };
  if (kind === 'number') return { ...base, type: 'number', fieldType: 'number' };
  if (kind === 'date') return { ...base, type: 'datetime', fieldType: 'date' };
  return { ...base, type: 'string', fieldType: 'text' };
}

function labelOf(name: string): string {
  const words = name.replace(/^lt_/, '').split('_').join(' ');
  return `LeadTrail ${words}`.slice(0, 100);
}

export function propertyBatch(definitions: PropertyCreate[]): PropertyBatch {
  return { inputs: definitions };
}
