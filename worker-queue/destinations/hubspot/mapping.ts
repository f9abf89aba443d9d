/**
 * Pure: lead snapshot → HubSpot request bodies, typed from ../shared/specs/hubspot (spec-*.gen.ts). Property values
 * are strings (HubSpot's API takes every property as a string; "" clears one), dates epoch ms by default.
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import { LT_PROPERTIES, mappedFields, type MappedField } from '../../../core/tenants/crm-mapping';
import type { HubspotConfig } from '../../../core/tenants/destinations';
import type { components as Contacts } from './spec-contacts.gen';
import type { components as Properties } from './spec-properties.gen';

export type UpsertInput = Contacts['schemas']['SimplePublicObjectBatchInputUpsert'];
export type UpsertBatch = Contacts['schemas']['BatchInputSimplePublicObjectBatchInputUpsert'];
export type CreateInput = Contacts['schemas']['SimplePublicObjectInputForCreate'];
export type UpdateInput = Contacts['schemas']['SimplePublicObjectInput'];
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
  return { email, properties, kinds };
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
