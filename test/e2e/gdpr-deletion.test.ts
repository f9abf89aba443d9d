/**
 * GDPR deletion end to end on the `erase` tenant (console + every destination): a person seeded through the real
 * ingest (two browsers merged by email), delivered through the real queue consumers to the spec-validating fakes,
 * then deleted through the API: nothing of the person is left in any table, each destination fake received its
 * deletion, and the audit row holds no personal data.
 */
import { env } from 'cloudflare:test';
import { nanoid } from 'nanoid';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryMessage } from '../../core/messages';
import { adminFetch, consoleToken } from '../admin';
import { runCrmBatch } from '../crm';
import { crmViolations, startCrmFakes } from '../crm-fakes';
import { rows } from '../db';
import { deliveryMessage, runBatch, shapeLead } from '../delivery';
import { type ChatwootFake, createChatwootFake } from '../fakes/chatwoot';
import type { HubspotFake } from '../fakes/hubspot';
import type { OpenApiDocument } from '../fakes/openapi';
import type { PipedriveFake } from '../fakes/pipedrive';
import type { SalesforceFake } from '../fakes/salesforce';
import type { WebhookReceiverFake } from '../fakes/webhook-receiver';
import { callWorker, event, recordingQueue, touch } from '../fixtures';
import { expectDocumentedResponse } from '../openapi-responses';
import { answered, ingest, leadIdOf, visitorId } from '../seed-leads';

const spec = JSON.parse(env.CHATWOOT_SPEC) as OpenApiDocument;
let chatwoot: ChatwootFake;
let hubspot: HubspotFake;
let pipedrive: PipedriveFake;
let salesforce: SalesforceFake;
let hook: WebhookReceiverFake;

beforeEach(async () => {
  chatwoot = createChatwootFake({ spec, accounts: [{ id: 7, token: 'cw-token-erase', inboxes: [71] }] });
  ({ hubspot, pipedrive, salesforce, hook } = await startCrmFakes({
    tenantId: 'erase',
    suffix: 'erase',
    salesforceOrigin: 'https://erase.my.salesforce.test',
    webhookUrl: 'https://hooks.erase.test/lt',
    routes: { 'chatwoot.erase.test': chatwoot.handle },
  }));
  pipedrive.searchLag = 0;
});

afterEach(() => {
  vi.unstubAllGlobals();
  expect([...chatwoot.violations, ...crmViolations({ hubspot, pipedrive, salesforce, hook })]).toEqual([]);
});

interface SeededPerson {
  email: string;
  leadId: string;
  absorbedId: string;
  trackingIds: string[];
}

/** Two browsers of one person (merged by email), with an answer, delivered to every destination. */
async function seedDeliveredPerson(tenant: string): Promise<SeededPerson> {
  const email = `erase.${nanoid(8).toLowerCase()}@example.com`;
  const laptop = visitorId();
  const phone = visitorId();
  const ad = touch({ ts: Date.now() - 86_400_000, utm_campaign: 'gdpr' });
  await ingest(tenant, [
    event({ tracking_id: laptop, first_touch: ad, last_touch: ad, ts: Date.now() - 80_000_000 }),
    event({ tracking_id: laptop, type: 'identify', traits: { email, name: 'Erin Erased' }, first_touch: ad, last_touch: ad }),
    answered(laptop, 'size', 'mid'),
  ]);
  const first = await leadIdOf(tenant, laptop);
  await ingest(tenant, [event({ tracking_id: phone, type: 'identify', traits: { email } })]);
  const leadId = await leadIdOf(tenant, laptop);
  const [absorbed] = await rows<{ id: string }>('SELECT id FROM leads WHERE tenant_id = ? AND merged_into = ?', tenant, leadId);
  if (!leadId || !first || !absorbed) throw new Error('the two browsers were not merged');
  await shapeLead(tenant, leadId, { score: 45, stage: 'MQL', version: 1 });
  return { email, leadId, absorbedId: absorbed.id, trackingIds: [laptop, phone] };
}

async function deliverEverywhere(person: SeededPerson): Promise<void> {
  const chat = await runBatch('chatwoot', [deliveryMessage('erase', person.leadId, { lead_version: 1 })]);
  expect(chat.result.retries).toEqual([]);
  const crm = (destination: DeliveryMessage['destination']): DeliveryMessage => ({
    v: 1,
    tenant_id: 'erase',
    destination,
    target: 0,
    lead_id: person.leadId,
    lead_version: 1,
    type: 'lead.upserted',
  });
  const { result } = await runCrmBatch([crm('hubspot'), crm('pipedrive'), crm('salesforce'), crm('webhook')]);
  expect(result.retryMessages).toEqual([]);
  // What the Chatwoot webhook stores for an agent reply, and an events dead letter carrying the browser's events.
  const [link] = await rows<{ conversation_id: number }>(
    'SELECT conversation_id FROM chatwoot_links WHERE tenant_id = ? AND lead_id = ?',
    'erase',
    person.leadId,
  );
  const deliveryId = `cw-${nanoid()}`;
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO inbound_webhooks (tenant_id, source, delivery_id, event, signature, received_at) VALUES ('erase', 'chatwoot', ?, 'message_created', ?, ?)",
    ).bind(deliveryId, `sha256=${nanoid()}`, Date.now()),
    env.DB.prepare(
      `INSERT INTO conversation_events (tenant_id, lead_id, account_id, conversation_id, kind, direction, message_id, sender_type, sender_name, content, status, delivery_id, at, created_at)
       VALUES ('erase', ?, 7, ?, 'message', 'outgoing', ?, 'user', 'Agent', 'Hi Erin!', 'open', ?, ?, ?)`,
    ).bind(person.leadId, link?.conversation_id ?? 0, Math.floor(Math.random() * 1e9), deliveryId, Date.now(), Date.now()),
    env.DB.prepare(
      "INSERT INTO dead_letters (id, tenant_id, queue, message_id, body, attempts, error, created_at) VALUES (?, 'erase', 'events', ?, ?, 3, 'gave up', ?)",
    ).bind(
      `dl_${nanoid()}`,
      nanoid(),
      JSON.stringify({
        v: 1,
        tenant_id: 'erase',
        events: [{ ts: 1, event: { tracking_id: person.trackingIds[1], traits: { email: person.email } } }],
      }),
      Date.now(),
    ),
  ]);
}

/** Every row of every table (of the erase tenant, where a table has a tenant), as JSON text per table. */
async function everything(): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%'",
  ).all<{ name: string }>();
  const dump: Record<string, string> = {};
  for (const { name } of results) {
    const all = (await env.DB.prepare(`SELECT * FROM ${name}`).all<Record<string, unknown>>()).results;
    // Other tenants' rows are theirs (acme has a lead with the same email on purpose).
    dump[name] = JSON.stringify(all.filter((row) => !('tenant_id' in row) || row.tenant_id === 'erase' || row.tenant_id === null));
  }
  return dump;
}

function traces(dump: Record<string, string>, person: SeededPerson): string[] {
  const needles = [person.email, person.leadId, person.absorbedId, ...person.trackingIds];
  return Object.entries(dump).flatMap(([table, text]) => needles.filter((needle) => text.includes(needle)).map((n) => `${table}: ${n}`));
}

async function postDeletion(body: unknown, queues = { chatwoot: recordingQueue(), crm: recordingQueue() }, role = 'admin') {
  const token = await consoleToken('erase', { role, sub: 'dpo@erase.test' });
  const response = await callWorker(
    new Request('https://t.erase.test/v1/admin/deletions', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    { CHATWOOT_QUEUE: queues.chatwoot, CRM_QUEUE: queues.crm },
  );
  await expectDocumentedResponse(response, 'POST', '/v1/admin/deletions');
  return { response, queues };
}

interface DeletionBody {
  id: string;
  requested_by: string;
  status: string;
  completed_at: string | null;
  selector_kind: string;
  rows_deleted: Record<string, number>;
  destinations: { destination: string; target: number; status: string }[];
}

describe('POST /v1/admin/deletions', () => {
  it('deletes every row of the person in every table, asks every destination to delete, and audits without personal data', async () => {
    const person = await seedDeliveredPerson('erase');
    await deliverEverywhere(person);
    // Another person of the tenant and the same email in another tenant stay.
    const bystander = await seedDeliveredPerson('erase');
    await ingest('acme', [event({ tracking_id: visitorId(), type: 'identify', traits: { email: person.email } })]);
    const before = await everything();
    expect(traces(before, person).length).toBeGreaterThan(10);
    const contactId = hubspot.contactsOf('hs-token-erase')[0]?.id;
    // What the deliveries created (only the person was delivered): one record in each destination.
    expect(chatwoot.account(7).contacts).toHaveLength(1);
    expect(hubspot.leadsOf('hs-token-erase')).toHaveLength(1);
    expect(pipedrive.personsOf('pd-token-erase')).toHaveLength(1);
    expect(salesforce.orgs[0] && salesforce.records(salesforce.orgs[0])).toHaveLength(1);

    const { response, queues } = await postDeletion({ email: person.email.toUpperCase() });
    expect(response.status).toBe(202);
    const { deletion } = await response.json<{ deletion: DeletionBody }>();
    expect(deletion).toMatchObject({ requested_by: 'dpo@erase.test', status: 'pending', completed_at: null, selector_kind: 'email' });
    expect(deletion.rows_deleted).toMatchObject({
      leads: 2,
      lead_aliases: 2,
      chatwoot_links: 1,
      conversation_events: 1,
      inbound_webhooks: 1,
    });
    for (const table of ['raw_events', 'touches', 'deliveries', 'delivery_claims', 'dead_letters'])
      expect(deletion.rows_deleted[table], table).toBeGreaterThan(0);
    expect(deletion.destinations.map((d) => `${d.destination}:${d.target}:${d.status}`).sort()).toEqual([
      'chatwoot:0:pending',
      'hubspot:0:pending',
      'pipedrive:0:pending',
      'salesforce:0:pending',
      'webhook:0:pending',
    ]);

    // Nothing of the person in any table; the bystander and the acme lead are untouched.
    const after = await everything();
    expect(traces(after, person)).toEqual([]);
    expect(traces(after, bystander)).toEqual(traces(before, bystander));
    expect(await rows('SELECT 1 FROM leads WHERE tenant_id = ? AND email = ?', 'acme', person.email)).toHaveLength(1);

    // The downstream deletions carry remote ids only, then reach each fake through the real consumers.
    expect(JSON.stringify([...queues.chatwoot.sent, ...queues.crm.sent])).not.toContain(person.email);
    const chat = await runBatch('chatwoot', queues.chatwoot.sent);
    expect(chat.result.retries).toEqual([]);
    const crm = await runCrmBatch(queues.crm.sent as DeliveryMessage[]);
    expect(crm.result.retryMessages).toEqual([]);
    expect(chatwoot.account(7).contacts).toEqual([]);
    expect(chatwoot.account(7).conversations).toEqual([]);
    expect(hubspot.contactsOf('hs-token-erase')).toEqual([]);
    expect(hubspot.gdprDeleted).toEqual([contactId]);
    expect(hubspot.leadsOf('hs-token-erase')).toEqual([]);
    expect(pipedrive.personsOf('pd-token-erase')).toEqual([]);
    expect(pipedrive.accounts.get('pd-token-erase')?.leads.size).toBe(0);
    const [org] = salesforce.orgs;
    expect(org && salesforce.records(org)).toEqual([]);
    const notices = [...hook.received.values()].filter((received) => received.body.type === 'lead.deleted');
    expect(notices.map((notice) => notice.body.lead)).toEqual([{ id: person.leadId, merged_ids: [person.absorbedId] }]);

    // The audit: completed, every destination deleted, and nothing that names the person.
    const listed = await adminFetch('erase', '/v1/admin/deletions', { role: 'viewer' });
    expect(listed.status).toBe(200);
    await expectDocumentedResponse(listed, 'GET', '/v1/admin/deletions');
    const { deletions } = await listed.json<{ deletions: DeletionBody[] }>();
    const audited = deletions.find((item) => item.id === deletion.id);
    expect(audited?.status).toBe('completed');
    expect(audited?.completed_at).not.toBeNull();
    expect(audited?.destinations.every((d) => d.status === 'deleted')).toBe(true);
    const auditRows = JSON.stringify(await rows('SELECT * FROM deletions WHERE tenant_id = ? AND id = ?', 'erase', deletion.id));
    for (const needle of [person.email, person.email.toUpperCase(), person.leadId, person.absorbedId, ...person.trackingIds])
      expect(auditRows).not.toContain(needle);
    expect(JSON.stringify(await everything())).not.toContain(person.email);

    // A second request for the same person is harmless: nothing found, nothing deleted or sent, audited.
    const again = await postDeletion({ email: person.email });
    expect(again.response.status).toBe(202);
    const repeat = (await again.response.json<{ deletion: DeletionBody }>()).deletion;
    expect(Object.values(repeat.rows_deleted).every((count) => count === 0)).toBe(true);
    expect(repeat).toMatchObject({ status: 'completed', destinations: [] });
    expect([...again.queues.chatwoot.sent, ...again.queues.crm.sent]).toEqual([]);
    const [first, second] = await rows<{ selector_hash: string }>(
      'SELECT selector_hash FROM deletions WHERE tenant_id = ? AND id IN (?, ?) ORDER BY requested_at',
      'erase',
      deletion.id,
      repeat.id,
    );
    expect(first?.selector_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.selector_hash).toBe(first?.selector_hash);
  });

  it('a provider failure retries or dead-letters (destination failed); the replay deletes; a redelivery changes nothing', async () => {
    const person = await seedDeliveredPerson('erase');
    await deliverEverywhere(person);
    const { response, queues } = await postDeletion({ email: person.email });
    const { deletion } = await response.json<{ deletion: DeletionBody }>();
    chatwoot.failNext(1, { status: 503 }, 'contactDelete');
    const retried = await runBatch('chatwoot', queues.chatwoot.sent);
    expect(retried.result.retries).toHaveLength(1);
    expect(chatwoot.account(7).contacts).toHaveLength(1);
    pipedrive.faults.inject({ kind: 'status', status: 403, body: { success: false, error: 'forbidden' } });
    await runCrmBatch(queues.crm.sent as DeliveryMessage[]);
    const statusOf = async () =>
      Object.fromEntries(
        (
          await rows<{ destination: string; status: string; error: string | null }>(
            'SELECT destination, status, error FROM deletion_destinations WHERE tenant_id = ? AND deletion_id = ?',
            'erase',
            deletion.id,
          )
        ).map((row) => [row.destination, row.status]),
      );
    expect(await statusOf()).toEqual({
      chatwoot: 'pending',
      hubspot: 'deleted',
      pipedrive: 'failed',
      salesforce: 'deleted',
      webhook: 'deleted',
    });
    const [dead] = await rows<{ id: string; status: number; destination: string; lead_id: string | null; body: string }>(
      "SELECT id, status, destination, lead_id, body FROM dead_letters WHERE tenant_id = 'erase' AND destination = 'pipedrive' AND json_extract(body, '$.deletion_id') = ?",
      deletion.id,
    );
    expect(dead).toMatchObject({ status: 403, destination: 'pipedrive', lead_id: null });
    expect(dead?.body).not.toContain(person.email);
    // The retry and the replay of the dead letter (what POST /v1/admin/replay re-sends), and a redelivery of all.
    await runBatch('chatwoot', queues.chatwoot.sent);
    const pipedriveMessage = queues.crm.sent.find((body) => JSON.stringify(body).includes('"pipedrive"'));
    await runCrmBatch([{ ...(pipedriveMessage as DeliveryMessage), replay_of: dead?.id }]);
    await runCrmBatch(queues.crm.sent as DeliveryMessage[]);
    expect(chatwoot.account(7).contacts).toEqual([]);
    expect(pipedrive.personsOf('pd-token-erase')).toEqual([]);
    expect(await statusOf()).toEqual({
      chatwoot: 'deleted',
      hubspot: 'deleted',
      pipedrive: 'deleted',
      salesforce: 'deleted',
      webhook: 'deleted',
    });
    const [audit] = await rows<{ status: string }>('SELECT status FROM deletions WHERE tenant_id = ? AND id = ?', 'erase', deletion.id);
    expect(audit?.status).toBe('completed');
  });

  it('deletes by tracking id: the whole person, every browser of it', async () => {
    const person = await seedDeliveredPerson('erase');
    const { response } = await postDeletion({ tracking_id: person.trackingIds[1] });
    expect(response.status).toBe(202);
    expect(traces(await everything(), person)).toEqual([]);
  });

  it('refuses a viewer with 403 and changes nothing; refuses a bad body with validation_failed', async () => {
    const person = await seedDeliveredPerson('erase');
    const before = await everything();
    const viewer = await postDeletion({ email: person.email }, undefined, 'viewer');
    expect(viewer.response.status).toBe(403);
    expect((await viewer.response.json<{ error: { code: string } }>()).error.code).toBe('forbidden');
    expect(await everything()).toEqual(before);
    expect([...viewer.queues.chatwoot.sent, ...viewer.queues.crm.sent]).toEqual([]);
    for (const body of [{}, { email: 'not-an-email' }, { email: person.email, tracking_id: person.trackingIds[0] }, { name: 'Erin' }]) {
      const bad = await postDeletion(body);
      expect(bad.response.status, JSON.stringify(body)).toBe(400);
      expect((await bad.response.json<{ error: { code: string } }>()).error.code).toBe('validation_failed');
    }
    expect(await everything()).toEqual(before);
  });
});
