import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead, updateCrmLead } from '../../../test/crm';
import { routeFetch } from '../../../test/fakes/fetch';
import { type SalesforceOrg, SalesforceFake } from '../../../test/fakes/salesforce';
import { LT_PROPERTIES } from '../../../core/tenants/crm-mapping';
import { forgetSalesforceSessions } from './client';

const LT_FIELDS = Object.values(LT_PROPERTIES).map((name) => `${name}__c`);
let fakeA: SalesforceFake;
let fakeB: SalesforceFake;
let orgA: SalesforceOrg;
let orgB: SalesforceOrg;

beforeEach(() => {
  forgetSalesforceSessions();
  fakeA = new SalesforceFake('https://crm-a.my.salesforce.test');
  fakeB = new SalesforceFake('https://crm-b.my.salesforce.test');
  orgA = fakeA.addOrg('sf-id-a', 'sf-secret-a', LT_FIELDS);
  // Tenant B maps answers.size to Team_Size__c, which its org does not have (yet).
  orgB = fakeB.addOrg('sf-id-b', 'sf-secret-b', LT_FIELDS);
  routeFetch({ 'crm-a.my.salesforce.test': fakeA.handle, 'crm-b.my.salesforce.test': fakeB.handle });
});

afterEach(() => {
  vi.unstubAllGlobals();
  // Every request conformed to ../shared/specs/salesforce/rest-upsert-oauth.derived.json.
  expect([...fakeA.violations, ...fakeB.violations]).toEqual([]);
});

const upserts = (fake: SalesforceFake) => fake.requests.filter((r) => r.method === 'PATCH');

describe('salesforce destination', () => {
  it('upserts a Lead by LeadTrail_Id__c with a client-credentials token; a rerun changes nothing; a change updates the same record', async () => {
    const lead = await seedCrmLead('crm-a', { score: 65, stage: 'SQL' });
    const { result } = await runCrmBatch([crmMessage(lead, 'salesforce')]);
    expect(result.explicitAcks).toHaveLength(1);
    const token = fakeA.requests.find((r) => r.url.endsWith('/services/oauth2/token'));
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(token?.body).get('grant_type')).toBe('client_credentials');
    expect(upserts(fakeA).map((r) => new URL(r.url).pathname)).toEqual([
      `/services/data/v62.0/sobjects/Lead/LeadTrail_Id__c/${lead.leadId}`,
    ]);
    const [record] = fakeA.records(orgA);
    expect(record?.fields).toMatchObject({
      LeadTrail_Id__c: lead.leadId,
      Email: lead.email,
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: '[not provided]',
      lt_score__c: 65,
      lt_stage__c: 'SQL',
      lt_first_utm_source__c: 'google',
      lt_last_utm_campaign__c: 'retarget',
    });
    expect(String(record?.fields.lt_first_touch_at__c)).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    await runCrmBatch([crmMessage(lead, 'salesforce')]);
    expect(upserts(fakeA)).toHaveLength(1);
    await updateCrmLead(lead, { score: 70 });
    await runCrmBatch([crmMessage(lead, 'salesforce', { lead_version: 2 })]);
    expect(fakeA.records(orgA)).toHaveLength(1);
    expect(fakeA.records(orgA)[0]?.fields.lt_score__c).toBe(70);
    // The token was cached: one token request for three deliveries.
    expect(orgA.tokensIssued).toBe(1);
  });

  it('several leads of one batch: one sObject Collections call; the one a duplicate rule rejects is a dead letter with the message', async () => {
    orgA.duplicateRuleOnEmail = true;
    orgA.records.push({
      Id: '00Q000000000000999',
      type: 'Lead',
      fields: { Email: 'taken@example.com', LastName: 'Existing', Company: 'X', LeadTrail_Id__c: 'someone-else' },
    });
    const leads = await Promise.all([seedCrmLead('crm-a'), seedCrmLead('crm-a'), seedCrmLead('crm-a', { email: 'taken@example.com' })]);
    const { result } = await runCrmBatch(leads.map((lead) => crmMessage(lead, 'salesforce')));
    expect(result.retryMessages).toEqual([]);
    expect(upserts(fakeA).map((r) => new URL(r.url).pathname)).toEqual(['/services/data/v62.0/composite/sobjects/Lead/LeadTrail_Id__c']);
    expect(fakeA.records(orgA)).toHaveLength(3);
    const taken = leads[2];
    if (!taken) throw new Error('no lead');
    const [letter] = await crmDeadLetters(taken);
    expect(letter?.error).toContain('duplicate rule');
    expect(letter?.provider_body).toContain('DUPLICATES_DETECTED');
  });

  it('an expired token is refreshed once; credentials that stay refused are a dead letter', async () => {
    const lead = await seedCrmLead('crm-a');
    await runCrmBatch([crmMessage(lead, 'salesforce')]);
    fakeA.expireTokens();
    await updateCrmLead(lead, { score: 99 });
    const refreshed = await runCrmBatch([crmMessage(lead, 'salesforce', { lead_version: 2 })]);
    expect(refreshed.result.explicitAcks).toHaveLength(1);
    expect(orgA.tokensIssued).toBe(2);
    expect(fakeA.records(orgA)[0]?.fields.lt_score__c).toBe(99);

    // The org keeps refusing (every token dies at once): one refresh, then a dead letter, not a loop.
    fakeA.faults.inject(
      { kind: 'status', status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] },
      { times: 2, match: (r) => r.method === 'PATCH' },
    );
    await updateCrmLead(lead, { score: 5 });
    await runCrmBatch([crmMessage(lead, 'salesforce', { lead_version: 3 })]);
    expect(orgA.tokensIssued).toBe(3);
    const [letter] = await crmDeadLetters(lead);
    expect(letter?.status).toBe(401);
    expect(letter?.provider_body).toContain('INVALID_SESSION_ID');
  });

  it('REQUEST_LIMIT_EXCEEDED is retried later, not dead; DUPLICATE_VALUE of a racing create is retried as an update', async () => {
    const lead = await seedCrmLead('crm-a');
    orgA.dailyLimit = 0;
    const limited = await runCrmBatch([crmMessage(lead, 'salesforce')]);
    expect(limited.result.retryMessages[0]?.delaySeconds).toBeGreaterThanOrEqual(1800);
    expect(await crmDeadLetters(lead)).toEqual([]);

    orgA.dailyLimit = 15000;
    orgA.racingCreates = 1;
    const raced = await runCrmBatch([crmMessage(lead, 'salesforce')], { attempts: 2 });
    expect(raced.result.explicitAcks).toHaveLength(1);
    expect(fakeA.records(orgA)).toHaveLength(1);
    expect(fakeA.records(orgA)[0]?.fields.Email).toBe(lead.email);
    expect(upserts(fakeA).at(-1)?.url).toContain('updateOnly=true');
  });

  it('500 then success; a timeout retries', async () => {
    const lead = await seedCrmLead('crm-a');
    fakeA.faults.inject(
      { kind: 'status', status: 500, body: [{ message: 'boom', errorCode: 'UNKNOWN_EXCEPTION' }] },
      { match: (r) => r.method === 'PATCH' },
    );
    expect((await runCrmBatch([crmMessage(lead, 'salesforce')])).result.retryMessages).toHaveLength(1);
    fakeA.faults.inject({ kind: 'timeout' }, { match: (r) => r.method === 'PATCH' });
    expect(
      (await runCrmBatch([crmMessage(lead, 'salesforce')], { attempts: 2, env: { DELIVERY_TIMEOUT_MS: '100' } })).result.retryMessages,
    ).toHaveLength(1);
    expect((await runCrmBatch([crmMessage(lead, 'salesforce')], { attempts: 3 })).result.explicitAcks).toHaveLength(1);
    expect(fakeA.records(orgA)).toHaveLength(1);
  });

  it("a mapped field the org lacks is a dead letter naming it; replay after the field exists: exactly one Contact; A's credentials never reach B", async () => {
    const lead = await seedCrmLead('crm-b');
    await runCrmBatch([crmMessage(lead, 'salesforce')]);
    const [letter] = await crmDeadLetters(lead);
    expect(letter?.error).toContain('Team_Size__c');
    expect(fakeB.records(orgB, 'Contact')).toHaveLength(0);

    orgB.fields.Contact?.add('Team_Size__c');
    await replayCrm(lead);
    await replayCrm(lead);
    const contacts = fakeB.records(orgB, 'Contact');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.fields).toMatchObject({ Team_Size__c: 'mid', LeadTrail_Id__c: lead.leadId });
    expect(contacts[0]?.fields.Company).toBeUndefined();
    expect(fakeA.requests).toHaveLength(0);
    expect(
      fakeB.requests
        .filter((r) => r.url.endsWith('/token'))
        .every((r) => atob((r.headers.authorization ?? '').slice(6)) === 'sf-id-b:sf-secret-b'),
    ).toBe(true);
  });
});
