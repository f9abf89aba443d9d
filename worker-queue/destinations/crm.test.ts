/**
 * End to end over the `crm` queue: one tenant with HubSpot, Pipedrive, Salesforce and a webhook; one lead's messages
 * in real queue batches → exactly one record in each CRM fake with first touch, last touch, score and stage in the
 * mapped properties; a rerun changes nothing; a fault in each provider plus replay still ends with exactly one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:test';
import * as v from 'valibot';
import { openDatabase } from '../../core/db';
import { DeliveryMessageSchema } from '../../core/messages';
import { loadTenants } from '../../core/tenants';
import { rows } from '../../test/db';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead, updateCrmLead } from '../../test/crm';
import { event, recordingQueue, touch } from '../../test/fixtures';
import { requestContext, tracked, visitorId } from '../../test/seed-leads';
import { ingestThenDeliver } from '../ingest/consume';
import { CRM_A_FAKES, crmViolations, startCrmFakes } from '../../test/crm-fakes';
import type { HubspotFake } from '../../test/fakes/hubspot';
import type { PipedriveFake } from '../../test/fakes/pipedrive';
import type { SalesforceFake } from '../../test/fakes/salesforce';
import type { WebhookReceiverFake } from '../../test/fakes/webhook-receiver';

const DESTINATIONS = ['hubspot', 'pipedrive', 'salesforce', 'webhook'] as const;
let hubspot: HubspotFake;
let pipedrive: PipedriveFake;
let salesforce: SalesforceFake;
let hook: WebhookReceiverFake;

beforeEach(async () => {
  ({ hubspot, pipedrive, salesforce, hook } = await startCrmFakes(CRM_A_FAKES));
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect(crmViolations({ hubspot, pipedrive, salesforce, hook })).toEqual([]);
});

function counts() {
  const [org] = salesforce.orgs;
  return {
    hubspot: hubspot.contactsOf('hs-token-a').length,
    pipedrive: pipedrive.personsOf('pd-token-a').length,
    pipedriveLeads: pipedrive.accounts.get('pd-token-a')?.leads.size ?? 0,
    salesforce: org ? salesforce.records(org).length : 0,
    webhook: hook.received.size,
  };
}

describe('crm queue end to end', () => {
  it('one lead → exactly one record in every CRM the tenant configured; rerun: nothing; faults + replay: still exactly one', async () => {
    const lead = await seedCrmLead('crm-a', { score: 65, stage: 'SQL' });
    const { result } = await runCrmBatch(DESTINATIONS.map((destination) => crmMessage(lead, destination)));
    expect(result.explicitAcks).toHaveLength(4);
    expect(counts()).toEqual({ hubspot: 1, pipedrive: 1, pipedriveLeads: 1, salesforce: 1, webhook: 1 });

    const [contact] = hubspot.contactsOf('hs-token-a');
    expect(contact?.properties).toMatchObject({
      lt_first_utm_source: 'google',
      lt_last_utm_source: 'linkedin',
      lt_score: '65',
      lt_stage: 'SQL',
    });
    const [person] = pipedrive.personsOf('pd-token-a');
    if (!person) throw new Error('no person');
    expect(pipedrive.customFieldsByName('pd-token-a', person)).toMatchObject({
      lt_first_utm_source: 'google',
      lt_last_utm_source: 'linkedin',
      lt_score: 65,
      lt_stage: 'SQL',
    });
    const [org] = salesforce.orgs;
    expect(org && salesforce.records(org)[0]?.fields).toMatchObject({
      lt_first_utm_source__c: 'google',
      lt_last_utm_source__c: 'linkedin',
      lt_score__c: 65,
      lt_stage__c: 'SQL',
    });
    expect([...hook.received.values()][0]?.body.lead).toMatchObject({ score: 65, stage: 'SQL' });

    const requests = hubspot.requests.length + pipedrive.requests.length + salesforce.requests.length + hook.requests.length;
    await runCrmBatch(DESTINATIONS.map((destination) => crmMessage(lead, destination)));
    expect(hubspot.requests.length + pipedrive.requests.length + salesforce.requests.length + hook.requests.length).toBe(requests);

    // The lead changes; every provider refuses once (a 400 each: dead letters), then the faults are gone and the
    // dead letters are replayed (twice: a replay is idempotent too).
    await updateCrmLead(lead, { score: 80 });
    const refuse = { kind: 'status' as const, status: 400, body: { message: 'refused' } };
    hubspot.faults.inject(refuse);
    pipedrive.faults.inject(refuse);
    salesforce.faults.inject(
      { ...refuse, body: [{ message: 'refused', errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }] },
      { match: (r) => r.method === 'PATCH' },
    );
    hook.faults.inject(refuse);
    await runCrmBatch(DESTINATIONS.map((destination) => crmMessage(lead, destination, { lead_version: 2 })));
    expect((await crmDeadLetters(lead)).map((letter) => letter.destination).sort()).toEqual([...DESTINATIONS]);
    await replayCrm(lead);
    await replayCrm(lead);
    expect(counts()).toEqual({ hubspot: 1, pipedrive: 1, pipedriveLeads: 1, salesforce: 1, webhook: 2 });
    expect(hubspot.contactsOf('hs-token-a')[0]?.properties.lt_score).toBe('80');
    expect(pipedrive.customFieldsByName('pd-token-a', person).lt_score).toBe(80);
    expect(org && salesforce.records(org)[0]?.fields.lt_score__c).toBe(80);
  });

  it('the visitor journey (ad click, return visit, widget, email) → the ingest fan-out → exactly one record per CRM with both touches, score and stage; a rerun changes nothing', async () => {
    const trk = visitorId();
    const now = Date.now();
    const first = touch({ ts: now - 7_200_000 });
    const last = touch({
      ts: now - 600_000,
      channel: 'paid_social',
      utm_source: 'linkedin',
      utm_medium: 'paid',
      utm_campaign: 'retarget',
      click_ids: { li_fat_id: 'li-9' },
    });
    const events = [
      event({ tracking_id: trk, ts: first.ts, first_touch: first, last_touch: first }),
      event({ tracking_id: trk, ts: last.ts, first_touch: first, last_touch: last, url: 'https://www.acme.test/demo' }),
      tracked(trk, 'widget_opened', { ts: now - 500_000, first_touch: first, last_touch: last }),
      tracked(trk, 'widget_replied', { ts: now - 490_000, first_touch: first, last_touch: last }),
      tracked(trk, 'demo_requested', { ts: now - 480_000, first_touch: first, last_touch: last }),
      event({
        tracking_id: trk,
        type: 'identify',
        ts: now - 470_000,
        traits: { email: 'journey@example.com' },
        first_touch: first,
        last_touch: last,
      }),
      tracked(trk, 'cta_clicked', { ts: now - 460_000, first_touch: first, last_touch: last }),
    ];
    const crm = recordingQueue();
    const queues = { CHATWOOT_QUEUE: recordingQueue(), CRM_QUEUE: crm, NOTIFY_QUEUE: recordingQueue() };
    const message = {
      v: 1 as const,
      tenant_id: 'crm-a',
      request: requestContext(),
      events: events.map((item) => ({ ts: item.ts, event: item })),
    };
    await ingestThenDeliver(openDatabase(env.DB), queues, loadTenants(env.TENANTS), [message], now);
    const sent = crm.sent.map((body) => v.parse(DeliveryMessageSchema, body));
    expect(sent.map((m) => m.destination).sort()).toEqual([...DESTINATIONS]);
    const { result } = await runCrmBatch(sent);
    expect(result.explicitAcks).toHaveLength(4);

    const [lead] = await rows<{ id: string; score: number; stage: string }>(
      "SELECT id, score, stage FROM leads WHERE tenant_id = 'crm-a' AND email = 'journey@example.com'",
    );
    if (!lead) throw new Error('no lead');
    expect(lead.score).toBeGreaterThan(0);
    expect(counts()).toEqual({ hubspot: 1, pipedrive: 1, pipedriveLeads: 1, salesforce: 1, webhook: 1 });
    const expected = { first: 'google', last: 'linkedin', campaign: 'retarget', score: lead.score, stage: lead.stage };
    const [contact] = hubspot.contactsOf('hs-token-a');
    expect(contact?.properties).toMatchObject({
      email: 'journey@example.com',
      lt_first_utm_source: expected.first,
      lt_last_utm_source: expected.last,
      lt_last_utm_campaign: expected.campaign,
      lt_score: String(expected.score),
      lt_stage: expected.stage,
    });
    const [person] = pipedrive.personsOf('pd-token-a');
    if (!person) throw new Error('no person');
    expect(pipedrive.customFieldsByName('pd-token-a', person)).toMatchObject({
      lt_first_utm_source: expected.first,
      lt_last_utm_source: expected.last,
      lt_score: expected.score,
      lt_stage: expected.stage,
    });
    const [org] = salesforce.orgs;
    expect(org && salesforce.records(org)[0]?.fields).toMatchObject({
      Email: 'journey@example.com',
      lt_first_utm_source__c: expected.first,
      lt_last_utm_source__c: expected.last,
      lt_score__c: expected.score,
      lt_stage__c: expected.stage,
    });
    expect([...hook.received.values()][0]?.body.lead).toMatchObject({ id: lead.id, score: expected.score, stage: expected.stage });

    // The same events again (a retried events batch; scoring bumps the version even so): nothing new anywhere.
    const before = hubspot.requests.length + pipedrive.requests.length + salesforce.requests.length + hook.requests.length;
    crm.sent.length = 0;
    await ingestThenDeliver(openDatabase(env.DB), queues, loadTenants(env.TENANTS), [message], now);
    if (crm.sent.length > 0) await runCrmBatch(crm.sent.map((body) => v.parse(DeliveryMessageSchema, body)));
    expect(hubspot.requests.length + pipedrive.requests.length + salesforce.requests.length + hook.requests.length).toBe(before);
    expect(counts()).toEqual({ hubspot: 1, pipedrive: 1, pipedriveLeads: 1, salesforce: 1, webhook: 1 });
  });
});
