import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead, updateCrmLead } from '../../../test/crm';
import { routeFetch } from '../../../test/fakes/fetch';
import { PipedriveFake } from '../../../test/fakes/pipedrive';

let fake: PipedriveFake;

beforeEach(async () => {
  fake = new PipedriveFake('https://api.pipedrive.test');
  // Account A already has one of our fields (its key must be used, not a second field created).
  await fake.addAccount('pd-token-a', ['lt_score']);
  await fake.addAccount('pd-token-b');
  routeFetch({ 'api.pipedrive.test': fake.handle });
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'pipedrive'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
  // Every request the connector made conformed to ../shared/specs/pipedrive.
  expect(fake.violations).toEqual([]);
});

const calls = (operation: RegExp) => fake.requests.filter((r) => operation.test(`${r.method} ${new URL(r.url).pathname}`));

describe('pipedrive destination', () => {
  it('searches by exact email, creates the person with mapped custom fields, one lead and a note; a rerun changes nothing; a change patches', async () => {
    const lead = await seedCrmLead('crm-a', {
      score: 65,
      stage: 'SQL',
      breakdown: [{ rule: 'demo_requested', points: 15, event_id: 'e1' }],
    });
    const { result } = await runCrmBatch([crmMessage(lead, 'pipedrive')]);
    expect(result.explicitAcks).toHaveLength(1);
    const account = fake.accounts.get('pd-token-a');
    const [search] = calls(/GET \/api\/v2\/persons\/search/);
    expect(new URL(search?.url ?? 'http://x').searchParams.get('term')).toBe(lead.email);
    expect(new URL(search?.url ?? 'http://x').searchParams.get('exact_match')).toBe('true');
    const persons = fake.personsOf('pd-token-a');
    expect(persons).toHaveLength(1);
    const [person] = persons;
    if (!person) throw new Error('no person');
    expect(person.emails[0]?.value).toBe(lead.email);
    expect(person.name).toBe('Ada Lovelace');
    expect(fake.customFieldsByName('pd-token-a', person)).toMatchObject({
      // lt_score existed as a text field: its value goes as text.
      lt_score: '65',
      lt_stage: 'SQL',
      lt_first_utm_source: 'google',
      lt_last_utm_campaign: 'retarget',
      lt_tracking_id: lead.trackingId,
    });
    // Dates ISO for Pipedrive's text fields.
    expect(String(fake.customFieldsByName('pd-token-a', person).lt_first_touch_at)).toMatch(/^\d{4}-\d\d-\d\dT/);
    // lt_score existed: not created again; the others were created once, as custom person fields.
    expect(account?.fields.filter((f) => f.field_name === 'lt_score')).toHaveLength(1);
    expect(account?.fields.find((f) => f.field_name === 'lt_score')?.field_type).toBe('varchar');
    expect(account?.fields.find((f) => f.field_name === 'lt_stage')?.is_custom_field).toBe(true);
    expect([...(account?.leads.values() ?? [])]).toEqual([
      expect.objectContaining({ person_id: person.id, title: 'LeadTrail: Ada Lovelace' }),
    ]);
    expect(account?.notes).toHaveLength(1);
    expect(account?.notes[0]?.content).toContain('demo_requested: +15');
    expect(account?.notes[0]?.content).toContain('google / cpc / spring');

    const before = fake.requests.length;
    await runCrmBatch([crmMessage(lead, 'pipedrive')]);
    expect(fake.requests.length).toBe(before);

    await updateCrmLead(lead, { score: 80 });
    await runCrmBatch([crmMessage(lead, 'pipedrive', { lead_version: 2 })]);
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);
    expect(fake.customFieldsByName('pd-token-a', person).lt_score).toBe('80');
    expect(calls(/PATCH \/api\/v2\/persons\/\d+/)).toHaveLength(1);
    expect(calls(/GET \/api\/v2\/personFields/)).toHaveLength(1);
    expect(account?.leads.size).toBe(1);
    expect(account?.notes).toHaveLength(2);
  });

  it('search lag: a create whose answer was lost is not repeated while search does not see the person yet', async () => {
    fake.searchLag = 2;
    const lead = await seedCrmLead('crm-a');
    fake.faults.inject({ kind: 'lost' }, { match: (r) => r.method === 'POST' && r.url.endsWith('/api/v2/persons') });
    const env = { DELIVERY_TIMEOUT_MS: '200' };
    let attempts = 1;
    let acked = false;
    while (!acked && attempts <= 6) {
      const { result } = await runCrmBatch([crmMessage(lead, 'pipedrive')], { attempts, env });
      acked = result.explicitAcks.length === 1;
      attempts += 1;
    }
    expect(acked).toBe(true);
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);
    expect(calls(/POST \/api\/v2\/persons$/)).toHaveLength(1);
    expect(fake.accounts.get('pd-token-a')?.leads.size).toBe(1);
  });

  it('finds a person sales created by hand; a lead without email gets a person without searching', async () => {
    const lead = await seedCrmLead('crm-a', { email: 'known@example.com' });
    const account = fake.accounts.get('pd-token-a');
    account?.persons.set(500, {
      id: 500,
      name: 'Known Person',
      emails: [{ value: 'known@example.com', primary: true, label: 'work' }],
      phones: [],
      custom_fields: {},
      hiddenFromSearch: 0,
    });
    await runCrmBatch([crmMessage(lead, 'pipedrive')]);
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);
    expect([...(account?.leads.values() ?? [])][0]?.person_id).toBe(500);

    const anonymous = await seedCrmLead('crm-a', { email: null, name: null });
    const searches = calls(/persons\/search/).length;
    await runCrmBatch([crmMessage(anonymous, 'pipedrive')]);
    expect(calls(/persons\/search/).length).toBe(searches);
    expect(fake.personsOf('pd-token-a')).toHaveLength(2);
  });

  it('429 waits for Retry-After, 500 and timeouts retry, a 400 is a dead letter with the body; replay after the fix: exactly once', async () => {
    const lead = await seedCrmLead('crm-a');
    fake.rateLimitNext(1, 2);
    const limited = await runCrmBatch([crmMessage(lead, 'pipedrive')]);
    expect(limited.result.retryMessages[0]?.delaySeconds).toBeGreaterThanOrEqual(2);
    fake.faults.inject({ kind: 'status', status: 500, body: { success: false, error: 'boom' } });
    expect((await runCrmBatch([crmMessage(lead, 'pipedrive')], { attempts: 2 })).result.retryMessages).toHaveLength(1);
    fake.faults.inject({ kind: 'timeout' });
    expect(
      (await runCrmBatch([crmMessage(lead, 'pipedrive')], { attempts: 3, env: { DELIVERY_TIMEOUT_MS: '100' } })).result.retryMessages,
    ).toHaveLength(1);

    fake.faults.inject(
      { kind: 'status', status: 400, body: { success: false, error: 'title is too long', errorCode: 400 } },
      { match: (r) => r.url.endsWith('/v1/leads') },
    );
    const rejected = await runCrmBatch([crmMessage(lead, 'pipedrive')], { attempts: 4 });
    expect(rejected.result.explicitAcks).toHaveLength(1);
    const [letter] = await crmDeadLetters(lead);
    expect(letter).toMatchObject({ destination: 'pipedrive', status: 400 });
    expect(letter?.provider_body).toContain('title is too long');
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);

    await replayCrm(lead);
    await replayCrm(lead);
    const account = fake.accounts.get('pd-token-a');
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);
    expect(account?.leads.size).toBe(1);
    expect(account?.notes).toHaveLength(1);
  });

  it("two concurrent deliveries of one new lead: one person; tenant A's token never reaches tenant B's account", async () => {
    const lead = await seedCrmLead('crm-a');
    const other = await seedCrmLead('crm-b');
    const [one, two] = await Promise.all([
      runCrmBatch([crmMessage(lead, 'pipedrive')]),
      runCrmBatch([crmMessage(lead, 'pipedrive'), crmMessage(other, 'pipedrive')]),
    ]);
    const retried = [...one.result.retryMessages, ...two.result.retryMessages];
    if (retried.length > 0) await runCrmBatch([crmMessage(lead, 'pipedrive')], { attempts: 2 });
    expect(fake.personsOf('pd-token-a')).toHaveLength(1);
    expect(fake.personsOf('pd-token-b')).toHaveLength(1);
    for (const request of fake.requests) {
      if (request.body.includes(other.email ?? '?') || request.url.includes(encodeURIComponent(other.email ?? '?')))
        expect(request.headers['x-api-token']).toBe('pd-token-b');
      if (request.body.includes(lead.email ?? '?') || request.url.includes(encodeURIComponent(lead.email ?? '?')))
        expect(request.headers['x-api-token']).toBe('pd-token-a');
    }
  });
});
