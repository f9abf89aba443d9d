import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:test';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead, updateCrmLead } from '../../../test/crm';
import { HubspotFake } from '../../../test/fakes/hubspot';
import { routeFetch } from '../../../test/fakes/fetch';
import { rows } from '../../../test/db';

let fake: HubspotFake;

beforeEach(async () => {
  fake = new HubspotFake('https://api.hubapi.test');
  fake.addPortal('hs-token-a', 1);
  fake.addPortal('hs-token-c', 3);
  routeFetch({ 'api.hubapi.test': fake.handle });
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'hubspot'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
  // Every request conformed to ../shared/specs/hubspot (the lead creates to leads-v3.json).
  expect(fake.violations).toEqual([]);
});

const leadCreates = () => fake.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/crm/v3/objects/leads'));
const upserts = () => fake.requests.filter((r) => r.url.endsWith('/contacts/batch/upsert'));
const leadFault = (status: number, body: unknown) =>
  fake.faults.inject({ kind: 'status', status, body }, { match: (r) => r.url.endsWith('/crm/v3/objects/leads') });

describe('hubspot Lead objects (create_lead)', () => {
  it('a tenant with create_lead gets one contact and one Lead associated to it as its primary contact', async () => {
    const lead = await seedCrmLead('crm-c', { email: 'Grace@Example.com', name: 'Grace Hopper' });
    const { result } = await runCrmBatch([crmMessage(lead, 'hubspot')]);
    expect(result.explicitAcks).toHaveLength(1);
    const [contact, ...moreContacts] = fake.contactsOf('hs-token-c');
    expect(moreContacts).toEqual([]);
    expect(contact?.properties.email).toBe('grace@example.com');
    const leads = fake.leadsOf('hs-token-c');
    expect(leads).toHaveLength(1);
    expect(leads[0]?.properties).toEqual({ hs_lead_name: 'Grace Hopper', hs_lead_type: 'NEW_BUSINESS' });
    expect(leads[0]?.contacts).toEqual([{ id: contact?.id, typeIds: [578] }]);
    expect(JSON.parse(leadCreates()[0]?.body ?? '{}')).toMatchObject({
      associations: [{ to: { id: contact?.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] }],
    });
  });

  it('a lead without a name is named by its email; without an email the Lead goes to the contact created by id', async () => {
    const named = await seedCrmLead('crm-c', { name: null, email: 'noname@example.com' });
    const anonymous = await seedCrmLead('crm-c', { name: null, email: null });
    await runCrmBatch([crmMessage(named, 'hubspot'), crmMessage(anonymous, 'hubspot')]);
    const leads = fake.leadsOf('hs-token-c');
    expect(leads.map((l) => l.properties.hs_lead_name).sort()).toEqual([`LeadTrail ${anonymous.leadId}`, 'noname@example.com']);
    expect(new Set(leads.map((l) => l.contacts[0]?.id))).toEqual(new Set(fake.contactsOf('hs-token-c').map((c) => c.id)));
  });

  it('every message twice, a redelivery, a new version and two concurrent batches of it: one Lead', async () => {
    const lead = await seedCrmLead('crm-c');
    await runCrmBatch([crmMessage(lead, 'hubspot'), crmMessage(lead, 'hubspot')]);
    await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 2 });
    await updateCrmLead(lead, { score: 80, stage: 'SQL' });
    await Promise.all([
      runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })]),
      runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })]),
    ]);
    await runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })], { attempts: 3 });
    expect(upserts().length).toBeGreaterThanOrEqual(2);
    expect(fake.contactsOf('hs-token-c')).toHaveLength(1);
    expect(fake.contactsOf('hs-token-c')[0]?.properties.lt_score).toBe('80');
    expect(fake.leadsOf('hs-token-c')).toHaveLength(1);
    expect(leadCreates()).toHaveLength(1);
  });

  it('two concurrent batches for one new lead: one contact, one Lead', async () => {
    const lead = await seedCrmLead('crm-c');
    await Promise.all([runCrmBatch([crmMessage(lead, 'hubspot')]), runCrmBatch([crmMessage(lead, 'hubspot')])]);
    await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 2 });
    expect(fake.contactsOf('hs-token-c')).toHaveLength(1);
    expect(fake.leadsOf('hs-token-c')).toHaveLength(1);
  });

  it('a 500 on the Lead create is retried, then gives exactly one Lead on the same contact', async () => {
    const lead = await seedCrmLead('crm-c');
    leadFault(500, { status: 'error', message: 'internal error' });
    const failed = await runCrmBatch([crmMessage(lead, 'hubspot')]);
    expect(failed.result.retryMessages).toHaveLength(1);
    expect(fake.contactsOf('hs-token-c')).toHaveLength(1);
    expect(fake.leadsOf('hs-token-c')).toHaveLength(0);

    const ok = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 2 });
    expect(ok.result.explicitAcks).toHaveLength(1);
    await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 3 });
    const [contact, ...moreContacts] = fake.contactsOf('hs-token-c');
    expect(moreContacts).toEqual([]);
    expect(fake.leadsOf('hs-token-c')).toHaveLength(1);
    expect(fake.leadsOf('hs-token-c')[0]?.contacts[0]?.id).toBe(contact?.id);
    expect(leadCreates()).toHaveLength(2);
    expect(await crmDeadLetters(lead)).toEqual([]);
  });

  it('a Lead create whose answer is lost (HubSpot made it) is adopted from the contact on the retry, never made twice', async () => {
    const lead = await seedCrmLead('crm-c');
    fake.faults.inject({ kind: 'lost' }, { match: (r) => r.method === 'POST' && r.url.endsWith('/crm/v3/objects/leads') });
    const lost = await runCrmBatch([crmMessage(lead, 'hubspot')], { env: { DELIVERY_TIMEOUT_MS: '200' } });
    expect(lost.result.retryMessages).toHaveLength(1);
    const [made] = fake.leadsOf('hs-token-c');
    expect(made).toBeDefined();

    const retried = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 2 });
    expect(retried.result.explicitAcks).toHaveLength(1);
    await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 3 });
    expect(fake.leadsOf('hs-token-c')).toHaveLength(1);
    expect(leadCreates()).toHaveLength(1);
    const [claim] = await rows<{ remote_ids: string }>(
      "SELECT remote_ids FROM delivery_claims WHERE tenant_id = 'crm-c' AND destination = 'hubspot' AND lead_id = ?",
      lead.leadId,
    );
    expect(JSON.parse(claim?.remote_ids ?? '{}')).toMatchObject({ lead_id: made?.id });
  });

  it('a 400 on the Lead create is a dead letter with the body; replayed (twice) after the fix: one Lead', async () => {
    const lead = await seedCrmLead('crm-c');
    leadFault(400, { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: hs_lead_type' });
    await runCrmBatch([crmMessage(lead, 'hubspot')]);
    const [letter] = await crmDeadLetters(lead);
    expect(letter?.status).toBe(400);
    expect(letter?.provider_body).toContain('hs_lead_type');
    expect(fake.leadsOf('hs-token-c')).toHaveLength(0);

    await replayCrm(lead);
    await replayCrm(lead);
    expect(fake.contactsOf('hs-token-c')).toHaveLength(1);
    expect(fake.leadsOf('hs-token-c')).toHaveLength(1);
  });

  it('a tenant without create_lead creates no Lead object', async () => {
    const lead = await seedCrmLead('crm-a');
    await runCrmBatch([crmMessage(lead, 'hubspot')]);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(1);
    expect(fake.leadsOf('hs-token-a')).toEqual([]);
    expect(leadCreates()).toEqual([]);
  });

  it('the fake refuses a Lead without a contact association, as HubSpot does', async () => {
    const post = (body: unknown) =>
      fake.handle(
        new Request('https://api.hubapi.test/crm/v3/objects/leads', {
          method: 'POST',
          headers: { authorization: 'Bearer hs-token-c', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    const bare = await post({ properties: { hs_lead_name: 'X' }, associations: [] });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain('associated to a contact');
    const unknown = await post({
      properties: { hs_lead_name: 'X' },
      associations: [{ to: { id: '424242' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] }],
    });
    expect(unknown.status).toBe(400);
    expect(fake.leadsOf('hs-token-c')).toEqual([]);
    // Off-spec (no associations at all) is a spec violation.
    expect((await post({ properties: { hs_lead_name: 'X' } })).status).toBe(400);
    expect(fake.violations).toHaveLength(1);
    fake.violations.length = 0;
  });
});
