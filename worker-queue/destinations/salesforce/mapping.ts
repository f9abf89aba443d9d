/**
 * Pure: lead snapshot → Salesforce request bodies, typed from ../shared/specs/salesforce (spec.gen.ts, a derived
 * spec). Field API names: the standard identity fields, design §3's `lt_*` as custom fields (`lt_score__c`, …), and
 * whatever the tenant maps; dates ISO 8601 (DateTime fields).
 */
import type { LeadSnapshot } from '../../../core/lead-snapshot';
import { LT_PROPERTIES, mappedFields } from '../../../core/tenants/crm-mapping';
import type { SalesforceConfig } from '../../../core/tenants/destinations';
import type { components } from './spec.gen';

export type SObjectRecord = components['schemas']['SObjectRecord'];
export type CollectionRecord = components['schemas']['SObjectCollectionRecord'];
export type CollectionUpsert = components['schemas']['SObjectCollectionUpsertRequest'];
export type TokenRequest = components['schemas']['ClientCredentialsTokenRequest'];

/** What Salesforce shows for a required name or company the lead never gave. */
export const NOT_PROVIDED = '[not provided]';

export function salesforceDefaults(object: SalesforceConfig['object']): Record<string, string> {
  const custom = Object.fromEntries(Object.entries(LT_PROPERTIES).map(([field, property]) => [field, `${property}__c`]));
  return {
    email: 'Email',
    first_name: 'FirstName',
    last_name: 'LastName',
    phone: 'Phone',
    ...(object === 'Lead' ? { 'traits.company': 'Company' } : {}),
    ...custom,
  };
}

export interface SalesforcePayload {
  object: SalesforceConfig['object'];
  externalIdField: string;
  /** Our lead id: the external id the record is upserted by. */
  externalId: string;
  fields: SObjectRecord;
}

export function salesforcePayload(lead: LeadSnapshot, config: SalesforceConfig): SalesforcePayload {
  const fields: SObjectRecord = {};
  for (const field of mappedFields(lead, salesforceDefaults(config.object), config, 'iso')) {
    // Identity fields the lead lacks are left alone (sales may have filled them); lt_* fields are always complete.
    if (field.value === null && !field.property.startsWith('lt_')) continue;
    fields[field.property] = field.value;
  }
  // Required on create (LastName; Company on Lead).
  if (fields.LastName === undefined) fields.LastName = NOT_PROVIDED;
  if (config.object === 'Lead' && fields.Company === undefined) fields.Company = NOT_PROVIDED;
  return { object: config.object, externalIdField: config.external_id_field, externalId: lead.id, fields };
}

/** The body of PATCH …/sobjects/{object}/{externalIdField}/{id}: the fields without the external id (in the URL). */
export function upsertBody(payload: SalesforcePayload): SObjectRecord {
  return { ...payload.fields };
}

export function collectionBody(payloads: SalesforcePayload[]): CollectionUpsert {
  return {
    allOrNone: false,
    records: payloads.map((payload): CollectionRecord => ({
      attributes: { type: payload.object },
      ...payload.fields,
      [payload.externalIdField]: payload.externalId,
    })),
  };
}

/** The consumer key and secret go in the Basic header (the spec's clientSecretBasic scheme), not the body. */
export function tokenBody(): TokenRequest {
  return { grant_type: 'client_credentials' };
}

export function basicCredentials(clientId: string, clientSecret: string): string {
  const bytes = new TextEncoder().encode(`${clientId}:${clientSecret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
