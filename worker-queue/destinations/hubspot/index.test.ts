import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:test';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead, updateCrmLead } from '../../../test/crm';
import { HubspotFake } from '../../../test/fakes/hubspot';
import { routeFetch } from '../../../test/fakes/fetch';

let fake: HubspotFake;

beforeEach(async () => {
  fake = new HubspotFake('https://api.hubapi.test');
  fake.addPortal('hs-token-a', 1);
  fake.addPortal('hs-token-b', 2);
  routeFetch({ 'api.hubapi.test': fake.handle });
  // A new fake portal each test: forget what earlier tests provisioned.
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'hubspot'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
  // Every request the connector made conformed to ../shared/specs/hubspot.
  expect(fake.violations).toEqual([]);
});

const upserts = () => fake.requests.filter((r) => r.url.endsWith('/contacts/batch/upsert'));

describe('hubspot destination', () => {
  it('upserts several leads of one queue batch in one call, by lower-cased email, with the lt_* properties provisioned once', async () => {
    const leads = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => seedCrmLead('crm-a', { email: `Person${n}@Example.com`, score: 60 + n, stage: 'SQL' })),
    );
    const { result } = await runCrmBatch(leads.map((lead) => crmMessage(lead, 'hubspot')));
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toHaveLength(5);
    expect(upserts()).toHaveLength(1);
    const body = JSON.parse(upserts()[0]?.body ?? '{}') as { inputs: { id: string; idProperty: string; objectWriteTraceId: string }[] };
    expect(body.inputs.map((input) => input.id).sort()).toEqual([
      'person1@example.com',
      'person2@example.com',
      'person3@example.com',
      'person4@example.com',
      'person5@example.com',
    ]);
    expect(body.inputs.every((input) => input.idProperty === 'email' && input.objectWriteTraceId.startsWith('dlv_'))).toBe(true);

    const contacts = fake.contactsOf('hs-token-a');
    expect(contacts).toHaveLength(5);
    const first = contacts.find((c) => c.properties.email === 'person1@example.com');
    expect(first?.properties).toMatchObject({
      firstname: 'Ada',
      lastname: 'Lovelace',
      lt_score: '61',
      lt_stage: 'SQL',
      lt_channel: 'paid_social',
      lt_first_utm_source: 'google',
      lt_first_utm_medium: 'cpc',
      lt_first_utm_campaign: 'spring',
      lt_last_utm_source: 'linkedin',
      lt_last_utm_campaign: 'retarget',
      lt_first_click_id: 'gclid:Cj0KCQ-test',
      lt_tracking_id: leads[0]?.trackingId,
    });
    // Dates as epoch ms (HubSpot datetime properties).
    expect(first?.properties.lt_first_touch_at).toMatch(/^\d{13}$/);
    expect(fake.portals.get('hs-token-a')?.properties.get('lt_score')).toMatchObject({ type: 'number' });
    const propertyCalls = fake.requests.filter((r) => r.url.includes('/crm/v3/properties/'));
    expect(propertyCalls).toHaveLength(2);

    // A rerun changes nothing and calls nobody (the ledger); a changed lead is one more upsert, no provisioning.
    await runCrmBatch(leads.map((lead) => crmMessage(lead, 'hubspot')));
    expect(upserts()).toHaveLength(1);
    const [lead] = leads;
    if (!lead) throw new Error('no lead');
    await updateCrmLead(lead, { score: 75 });
    await runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })]);
    expect(upserts()).toHaveLength(2);
    expect(fake.requests.filter((r) => r.url.includes('/crm/v3/properties/'))).toHaveLength(2);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(5);
    expect(fake.contactsOf('hs-token-a').find((c) => c.properties.email === 'person1@example.com')?.properties.lt_score).toBe('75');
  });

  it('every message twice, and two concurrent batches for one new lead: one contact', async () => {
    const lead = await seedCrmLead('crm-a');
    await runCrmBatch([crmMessage(lead, 'hubspot'), crmMessage(lead, 'hubspot')]);
    const [one, two] = await Promise.all([runCrmBatch([crmMessage(lead, 'hubspot')]), runCrmBatch([crmMessage(lead, 'hubspot')])]);
    expect(one.result.retryMessages.length + two.result.retryMessages.length).toBeLessThanOrEqual(1);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(1);
    expect(upserts()).toHaveLength(1);
  });

  it('500 then success; 429 waits for Retry-After / the policy window; a timeout retries', async () => {
    const lead = await seedCrmLead('crm-a');
    fake.faults.inject(
      { kind: 'status', status: 500, body: { status: 'error', message: 'internal error' } },
      { match: (r) => r.url.endsWith('/batch/upsert') },
    );
    const failed = await runCrmBatch([crmMessage(lead, 'hubspot')]);
    expect(failed.result.retryMessages).toHaveLength(1);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(0);

    fake.rateLimitNext(1, 10);
    const limited = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 2 });
    expect(limited.result.retryMessages).toHaveLength(1);
    expect(limited.result.retryMessages[0]?.delaySeconds).toBeGreaterThanOrEqual(10);
    // HubSpot's usual 429 has the policy but no Retry-After: the ten-secondly window is waited out all the same.
    fake.faults.inject({
      kind: 'status',
      status: 429,
      body: { status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'limit' },
    });
    const policy = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 1 });
    expect(policy.result.retryMessages[0]?.delaySeconds).toBeGreaterThanOrEqual(10);

    fake.faults.inject({ kind: 'timeout' }, { match: (r) => r.url.endsWith('/batch/upsert') });
    const timedOut = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 3, env: { DELIVERY_TIMEOUT_MS: '100' } });
    expect(timedOut.result.retryMessages).toHaveLength(1);

    const ok = await runCrmBatch([crmMessage(lead, 'hubspot')], { attempts: 4 });
    expect(ok.result.explicitAcks).toHaveLength(1);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(1);
    expect(await crmDeadLetters(lead)).toEqual([]);
  });

  it('207: the input HubSpot refuses is a dead letter with its error, its neighbours are delivered; replay after the fix delivers it once', async () => {
    const good = await seedCrmLead('crm-a', { email: 'good@example.com' });
    const bad = await seedCrmLead('crm-a', { email: 'not-an-email' });
    const { result } = await runCrmBatch([crmMessage(good, 'hubspot'), crmMessage(bad, 'hubspot')]);
    expect(result.retryMessages).toEqual([]);
    expect(upserts()).toHaveLength(1);
    expect(fake.contactsOf('hs-token-a').map((c) => c.properties.email)).toEqual(['good@example.com']);
    const [letter] = await crmDeadLetters(bad);
    expect(letter?.destination).toBe('hubspot');
    expect(letter?.error).toContain('not-an-email');
    expect(letter?.provider_body).toContain('INVALID_EMAIL');

    await updateCrmLead(bad, { email: 'fixed@example.com' });
    await replayCrm(bad);
    await replayCrm(bad);
    expect(
      fake
        .contactsOf('hs-token-a')
        .map((c) => c.properties.email)
        .sort(),
    ).toEqual(['fixed@example.com', 'good@example.com']);
  });

  it('a whole-call 400 dead-letters with the body; a lead without email is created once and then updated by its HubSpot id', async () => {
    const lead = await seedCrmLead('crm-a', { email: null });
    await runCrmBatch([crmMessage(lead, 'hubspot')]);
    await updateCrmLead(lead, { score: 90, stage: 'SQL' });
    await runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })]);
    const contacts = fake.contactsOf('hs-token-a');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.properties).toMatchObject({ lt_score: '90', lt_stage: 'SQL' });
    expect(fake.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/crm/v3/objects/contacts'))).toHaveLength(1);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);

    const other = await seedCrmLead('crm-a');
    fake.faults.inject(
      { kind: 'status', status: 400, body: { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid' } },
      { match: (r) => r.url.endsWith('/batch/upsert') },
    );
    await runCrmBatch([crmMessage(other, 'hubspot')]);
    const [letter] = await crmDeadLetters(other);
    expect(letter?.status).toBe(400);
    expect(letter?.provider_body).toContain('Property values were not valid');
  });

  it("maps per tenant (answers, stage values, a custom score property, provisioned), and never uses tenant A's token for tenant B", async () => {
    const a = await seedCrmLead('crm-a', { stage: 'SQL' });
    const b = await seedCrmLead('crm-b', { stage: 'SQL', score: 70 });
    await runCrmBatch([crmMessage(a, 'hubspot'), crmMessage(b, 'hubspot')]);
    const [contactB] = fake.contactsOf('hs-token-b');
    expect(contactB?.properties).toMatchObject({ company_size: 'mid', crm_b_score: '70', lt_stage: 'salesqualifiedlead' });
    expect(contactB?.properties.lt_score).toBeUndefined();
    expect(fake.portals.get('hs-token-b')?.properties.has('company_size')).toBe(true);
    expect(fake.contactsOf('hs-token-a')).toHaveLength(1);
    expect(fake.contactsOf('hs-token-a')[0]?.properties.email).toBe(a.email);
    for (const request of fake.requests) {
      const body = request.body;
      if (body.includes(b.email ?? '?')) expect(request.headers.authorization).toBe('Bearer hs-token-b');
      if (body.includes(a.email ?? '?')) expect(request.headers.authorization).toBe('Bearer hs-token-a');
    }
  });

  it('a property deleted in the portal after provisioning: retried, provisioned again, delivered', async () => {
    const lead = await seedCrmLead('crm-a');
    await runCrmBatch([crmMessage(lead, 'hubspot')]);
    fake.portals.get('hs-token-a')?.properties.delete('lt_stage');
    await updateCrmLead(lead, { stage: 'SQL' });
    const missing = await runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })]);
    expect(missing.result.retryMessages).toHaveLength(1);
    const again = await runCrmBatch([crmMessage(lead, 'hubspot', { lead_version: 2 })], { attempts: 2 });
    expect(again.result.explicitAcks).toHaveLength(1);
    expect(fake.contactsOf('hs-token-a')[0]?.properties.lt_stage).toBe('SQL');
  });
});
