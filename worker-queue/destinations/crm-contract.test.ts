/**
 * Contract tests of the pure CRM mappings: every body a connector's mapping.ts builds validates against the request
 * schema of the operation it is sent to in ../shared/specs (the same JSON-Schema validator the fakes use).
 */
import { describe, expect, it } from 'vitest';
import { parseTenants } from '../../core/tenants';
import { SNAPSHOT } from '../../test/crm-snapshot';
import { WEBHOOK_BODY_SCHEMA } from '../../test/fakes/webhook-receiver';
import { requestSchema, schemaErrors } from '../../test/fakes/spec-validator';
import * as hubspot from './hubspot/mapping';
import * as pipedrive from './pipedrive/mapping';
import * as salesforce from './salesforce/mapping';
import { webhookBody, webhookPayload } from './webhook/mapping';

const tenant = parseTenants({
  acme: {
    name: 'Acme',
    hosts: ['t.acme.test'],
    hubspot: { token: 'HS', mapping: { 'answers.size': 'company_size' } },
    pipedrive: { token: 'PD' },
    salesforce: { instance_url: 'https://acme.my.salesforce.com', client_id: 'A', client_secret: 'B' },
  },
}).byId.get('acme');
if (!tenant?.hubspot || !tenant.pipedrive || !tenant.salesforce) throw new Error('test tenant incomplete');
const { hubspot: hubspotConfig, pipedrive: pipedriveConfig, salesforce: salesforceConfig } = tenant;
const anonymous = { ...SNAPSHOT, email: null, name: null, first_touch: null };

describe('CRM request bodies conform to the providers’ specs', () => {
  it('HubSpot: batch upsert, create, update and property creation', () => {
    const payload = hubspot.hubspotPayload(SNAPSHOT, hubspotConfig);
    if (payload.email === null) throw new Error('email expected');
    const batch = hubspot.upsertBatch([hubspot.upsertInput({ ...payload, email: payload.email }, 'dlv_1')]);
    expect(schemaErrors(requestSchema('hubspot-contacts', 'POST /crm/v3/objects/contacts/batch/upsert'), batch)).toEqual([]);
    expect(
      schemaErrors(
        requestSchema('hubspot-contacts', 'POST /crm/v3/objects/contacts'),
        hubspot.createInput(hubspot.hubspotPayload(anonymous, hubspotConfig)),
      ),
    ).toEqual([]);
    expect(
      schemaErrors(requestSchema('hubspot-contacts', 'PATCH /crm/v3/objects/contacts/{contactId}'), hubspot.updateInput(payload)),
    ).toEqual([]);
    const definitions = Object.keys(payload.kinds).map((name) => hubspot.propertyDefinition(name, payload.kinds[name] ?? 'string'));
    expect(
      schemaErrors(
        requestSchema('hubspot-properties', 'POST /crm/v3/properties/{objectType}/batch/create'),
        hubspot.propertyBatch(definitions),
      ),
    ).toEqual([]);
    // And the validator does catch a drift: HubSpot wants property values as strings.
    expect(
      schemaErrors(requestSchema('hubspot-contacts', 'POST /crm/v3/objects/contacts/batch/upsert'), {
        inputs: [{ id: 'a@b.c', properties: { lt_score: 65 } }],
      }),
    ).not.toEqual([]);
  });

  it('Pipedrive: person (add and update), person field, lead and note', () => {
    const payload = pipedrive.pipedrivePayload(SNAPSHOT, pipedriveConfig);
    const keys = Object.fromEntries(Object.keys(payload.custom).map((name, index) => [name, index.toString(16).padStart(40, '0')]));
    expect(schemaErrors(requestSchema('pipedrive-v2', 'POST /persons'), pipedrive.personBody(payload, keys))).toEqual([]);
    expect(
      schemaErrors(
        requestSchema('pipedrive-v2', 'PATCH /persons/{id}'),
        pipedrive.personBody(pipedrive.pipedrivePayload(anonymous, pipedriveConfig), keys),
      ),
    ).toEqual([]);
    expect(schemaErrors(requestSchema('pipedrive-v2', 'POST /personFields'), pipedrive.personFieldBody('lt_score', 'double'))).toEqual([]);
    expect(schemaErrors(requestSchema('pipedrive-v1', 'POST /leads'), pipedrive.leadBody(payload, 12))).toEqual([]);
    expect(
      schemaErrors(requestSchema('pipedrive-v1', 'POST /notes'), pipedrive.noteBody(payload, '7b0ef4a2-6f5e-11ee-b962-0242ac120002')),
    ).toEqual([]);
    expect(schemaErrors(requestSchema('pipedrive-v2', 'POST /personFields'), { field_name: 'x', field_type: 'number' })).not.toEqual([]);
  });

  it('Salesforce: single upsert, sObject Collections upsert and the token request (form-encoded)', () => {
    const payload = salesforce.salesforcePayload(SNAPSHOT, salesforceConfig);
    expect(
      schemaErrors(
        requestSchema('salesforce', 'PATCH /services/data/v{version}/sobjects/{sObject}/{fieldName}/{fieldValue}'),
        salesforce.upsertBody(payload),
      ),
    ).toEqual([]);
    const collection = salesforce.collectionBody([payload, salesforce.salesforcePayload(anonymous, salesforceConfig)]);
    expect(
      schemaErrors(
        requestSchema('salesforce', 'PATCH /services/data/v{version}/composite/sobjects/{sObject}/{externalIdField}'),
        collection,
      ),
    ).toEqual([]);
    expect(
      schemaErrors(requestSchema('salesforce', 'POST /services/oauth2/token', 'application/x-www-form-urlencoded'), salesforce.tokenBody()),
    ).toEqual([]);
    // A record carrying a record Id is refused by the spec (Collections upsert matches by external id only).
    expect(
      schemaErrors(requestSchema('salesforce', 'PATCH /services/data/v{version}/composite/sobjects/{sObject}/{externalIdField}'), {
        records: [{ attributes: { type: 'Lead' }, Id: 'x' }],
      }),
    ).not.toEqual([]);
  });

  it('webhook: no spec file covers LeadTrail’s own webhooks, so the body is validated against design §5/§3’s shape', () => {
    const message = {
      v: 1 as const,
      tenant_id: 'acme',
      destination: 'webhook' as const,
      target: 0,
      lead_id: SNAPSHOT.id,
      lead_version: 3,
      type: 'lead.upserted' as const,
    };
    expect(schemaErrors(WEBHOOK_BODY_SCHEMA, JSON.parse(webhookBody(webhookPayload(SNAPSHOT, message), SNAPSHOT, Date.now())))).toEqual([]);
    expect(schemaErrors(WEBHOOK_BODY_SCHEMA, { type: 'lead.created', lead: SNAPSHOT, sent_at: 1 })).not.toEqual([]);
  });
});
