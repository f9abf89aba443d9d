import { env } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signWebhook } from '../../../core/crypto/hmac';
import { verifyLeadTrailWebhook } from '../../../examples/webhook-receiver/verify';
import { crmDeadLetters, crmMessage, replayCrm, runCrmBatch, seedCrmLead } from '../../../test/crm';
import { routeFetch } from '../../../test/fakes/fetch';
import { WebhookReceiverFake } from '../../../test/fakes/webhook-receiver';

let hookA: WebhookReceiverFake;
let hookB1: WebhookReceiverFake;
let hookB2: WebhookReceiverFake;

beforeEach(async () => {
  hookA = new WebhookReceiverFake('https://hooks.crm-a.test/leadtrail', 'whsec-a');
  hookB1 = new WebhookReceiverFake('https://hooks.crm-b.test/one', 'whsec-b');
  hookB2 = new WebhookReceiverFake('https://hooks.crm-b.test/two', 'whsec-b');
  routeFetch({
    'hooks.crm-a.test': hookA.handle,
    // Both of B's endpoints share a host: route by path.
    'hooks.crm-b.test': (request) => (new URL(request.url).pathname === '/one' ? hookB1 : hookB2).handle(request),
  });
  await env.DB.prepare("DELETE FROM destination_accounts WHERE destination = 'webhook'").run();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('webhook destination', () => {
  it('POSTs the lead snapshot signed (verified by the README snippet) with a stable Idempotency-Key; 500 then success; every message twice: one receipt', async () => {
    const lead = await seedCrmLead('crm-a', { score: 62, stage: 'SQL' });
    hookA.faults.inject({ kind: 'status', status: 500 });
    const failed = await runCrmBatch([crmMessage(lead, 'webhook')]);
    expect(failed.result.retryMessages).toHaveLength(1);
    const { result } = await runCrmBatch([crmMessage(lead, 'webhook'), crmMessage(lead, 'webhook')], { attempts: 2 });
    expect(result.explicitAcks).toHaveLength(2);
    expect(hookA.rejectedSignatures).toBe(0);
    expect(hookA.received.size).toBe(1);
    const [receipt] = [...hookA.received.values()];
    expect(receipt?.body).toMatchObject({ type: 'lead.upserted', lead: { id: lead.leadId, email: lead.email, score: 62, stage: 'SQL' } });
    expect(typeof receipt?.body.sent_at).toBe('number');
    const keys = new Set(hookA.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect(hookA.requests).toHaveLength(2);
    expect(
      hookA.requests.every(
        (r) =>
          /^sha256=[0-9a-f]{64}$/.test(r.headers['x-leadtrail-signature'] ?? '') && /^\d+$/.test(r.headers['x-leadtrail-timestamp'] ?? ''),
      ),
    ).toBe(true);
  });

  it('429 with Retry-After and a timeout retry; a receiver with another secret refuses the signature (dead letter)', async () => {
    const lead = await seedCrmLead('crm-a');
    hookA.faults.inject({ kind: 'status', status: 429, headers: { 'retry-after': '120' } });
    const limited = await runCrmBatch([crmMessage(lead, 'webhook')]);
    expect(limited.result.retryMessages[0]?.delaySeconds).toBeGreaterThanOrEqual(120);
    hookA.faults.inject({ kind: 'timeout' });
    const timedOut = await runCrmBatch([crmMessage(lead, 'webhook')], { attempts: 2, env: { DELIVERY_TIMEOUT_MS: '100' } });
    expect(timedOut.result.retryMessages).toHaveLength(1);

    const other = await seedCrmLead('crm-a');
    const impostor = new WebhookReceiverFake('https://hooks.crm-a.test/leadtrail', 'another-secret');
    routeFetch({ 'hooks.crm-a.test': impostor.handle });
    await runCrmBatch([crmMessage(other, 'webhook')]);
    expect(impostor.rejectedSignatures).toBe(1);
    expect((await crmDeadLetters(other))[0]?.status).toBe(401);
  });

  it('410 stops deliveries to that endpoint (recorded, visible); a replay once it is back delivers exactly once', async () => {
    const lead = await seedCrmLead('crm-a');
    hookA.faults.inject({ kind: 'status', status: 410, body: { error: 'gone' } });
    await runCrmBatch([crmMessage(lead, 'webhook')]);
    const later = await seedCrmLead('crm-a');
    await runCrmBatch([crmMessage(later, 'webhook')]);
    expect(hookA.requests).toHaveLength(1);
    const [gone] = await crmDeadLetters(lead);
    expect(gone).toMatchObject({ destination: 'webhook', status: 410 });
    const [stopped] = await crmDeadLetters(later);
    expect(stopped?.error).toContain('stopped');
    const [state] = (
      await env.DB.prepare("SELECT state FROM destination_accounts WHERE tenant_id = 'crm-a' AND destination = 'webhook'").all<{
        state: string;
      }>()
    ).results;
    expect(JSON.parse(state?.state ?? '{}')).toMatchObject({ status: 410 });

    await replayCrm(later);
    await replayCrm(later);
    await runCrmBatch([crmMessage(lead, 'webhook')]);
    expect([...hookA.received.values()].map((r) => r.body.lead.id)).toEqual([later.leadId, lead.leadId]);
  });

  it('each [[webhooks]] entry is a target with its own events: lead.stage_changed reaches both, lead.upserted only the first', async () => {
    const lead = await seedCrmLead('crm-b', { stage: 'SQL' });
    await runCrmBatch([
      crmMessage(lead, 'webhook', { target: 0 }),
      crmMessage(lead, 'webhook', { target: 1 }),
      crmMessage(lead, 'webhook', { target: 0, type: 'lead.stage_changed', stage_change: { from: 'MQL', to: 'SQL', score: 65, at: 1 } }),
      crmMessage(lead, 'webhook', { target: 1, type: 'lead.stage_changed', stage_change: { from: 'MQL', to: 'SQL', score: 65, at: 1 } }),
    ]);
    expect([...hookB1.received.values()].map((r) => r.body.type).sort()).toEqual(['lead.stage_changed', 'lead.upserted']);
    expect([...hookB2.received.values()].map((r) => r.body.type)).toEqual(['lead.stage_changed']);
    expect(hookA.requests).toHaveLength(0);
  });
});

describe('the README receiver snippet', () => {
  const body = JSON.stringify({ type: 'lead.upserted', lead: { id: 'lead_1' }, sent_at: 1 });
  const request = (headers: Record<string, string>, text = body) =>
    new Request('https://hooks.example/lt', { method: 'POST', body: text, headers });

  it('accepts what LeadTrail signs, refuses a wrong secret, a changed body and a stale timestamp', async () => {
    const signed = await signWebhook('s3cret', body, Date.now());
    expect(await verifyLeadTrailWebhook(request(signed), 's3cret')).toMatchObject({ lead: { id: 'lead_1' } });
    expect(await verifyLeadTrailWebhook(request(signed), 'other')).toBeNull();
    expect(await verifyLeadTrailWebhook(request(signed, body.replace('lead_1', 'lead_2')), 's3cret')).toBeNull();
    const stale = await signWebhook('s3cret', body, Date.now() - 600_000);
    expect(await verifyLeadTrailWebhook(request(stale), 's3cret')).toBeNull();
    expect(await verifyLeadTrailWebhook(request({}), 's3cret')).toBeNull();
  });
});
