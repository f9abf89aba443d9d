import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { expectDocumentedResponse } from '../../../test/openapi-responses';
import { consoleCall, newLeadId, seedDeadLetterRow, seedLedgerRow } from '../../../test/ops-console';

interface Health {
  queues: { queue: string; backlog: number; oldest_age_seconds: number | null; in_flight: number; dead_letters_open: number }[];
  destinations: {
    destination: string;
    target: number;
    configured: boolean;
    last_success_at: string | null;
    failures_24h: number;
    unfinished: number;
    dead_letters_open: number;
  }[];
}

async function health(tenant: string): Promise<Health> {
  const response = await consoleCall(tenant, '/v1/admin/queues', { role: 'viewer' });
  expect(response.status).toBe(200);
  await expectDocumentedResponse(response, 'GET', '/v1/admin/queues');
  return response.json<Health>();
}

async function claim(
  tenantId: string,
  leadId: string,
  target: number,
  state: { claimedUntil?: number; lastError?: string; updatedAt: number },
) {
  await env.DB.prepare(
    `INSERT INTO delivery_claims (tenant_id, destination, target, lead_id, claimed_by, claimed_until, last_status, last_error, updated_at)
     VALUES (?, 'salesforce', ?, ?, ?, ?, ?, ?, ?)`,
  )
    .bind(
      tenantId,
      target,
      leadId,
      state.claimedUntil ? 'msg-1' : null,
      state.claimedUntil ?? null,
      state.lastError ? 503 : null,
      state.lastError ?? null,
      state.updatedAt,
    )
    .run();
}

const queueOf = (report: Health, name: string) => report.queues.find((queue) => queue.queue === name);

describe('GET /v1/admin/queues', () => {
  it('counts the tenant’s unfinished deliveries, outbox, open dead letters and last success from D1', async () => {
    const now = Date.now();
    const target = 7; // a target no other test writes, so its row is exact
    const before = await health('acme');
    const [retrying, inFlight, deadLettered, replayedRetry] = [newLeadId(), newLeadId(), newLeadId(), newLeadId()];
    await claim('acme', retrying, target, { lastError: 'salesforce answered 503', updatedAt: now - 3_600_000 });
    await claim('acme', inFlight, target, { claimedUntil: now + 60_000, updatedAt: now - 1000 });
    await claim('acme', deadLettered, target, { lastError: 'salesforce answered 400', updatedAt: now - 5000 });
    await seedDeadLetterRow('acme', { leadId: deadLettered, destination: 'salesforce', target, at: now - 4000, status: 400 });
    await claim('acme', replayedRetry, target, { lastError: 'salesforce answered 503', updatedAt: now - 9000 });
    await seedDeadLetterRow('acme', { leadId: replayedRetry, destination: 'salesforce', target, at: now - 8000, replayedAt: now - 7000 });
    await seedDeadLetterRow('acme', { leadId: newLeadId(), destination: 'salesforce', target, at: now - 2 * 86_400_000 });
    await seedLedgerRow('acme', {
      id: `dlv_q_${retrying.slice(5)}`,
      leadId: newLeadId(),
      destination: 'salesforce',
      target,
      at: now - 60_000,
    });
    await env.DB.prepare(
      `INSERT INTO lead_changes (id, tenant_id, lead_id, type, from_stage, to_stage, score, at, fanned_out_at)
       VALUES (?, 'acme', ?, 'lead.stage_changed', 'Unqualified', 'MQL', 40, ?, NULL)`,
    )
      .bind(`chg_${retrying.slice(5)}`, retrying, now - 120_000)
      .run();
    // Another tenant's trouble never shows.
    await seedDeadLetterRow('globex', { leadId: newLeadId(), destination: 'salesforce', target });

    const after = await health('acme');
    expect(after.destinations.find((row) => row.destination === 'salesforce' && row.target === target)).toEqual({
      destination: 'salesforce',
      target,
      label: 'salesforce',
      configured: false,
      queue: 'crm',
      last_success_at: new Date(now - 60_000).toISOString(),
      failures_24h: 2, // the dead-lettered one and the replayed one; the two-day-old one is outside the window
      unfinished: 3, // retrying, in flight, and the replayed one waiting in the queue
      dead_letters_open: 2,
    });
    const crm = { before: queueOf(before, 'crm'), after: queueOf(after, 'crm') };
    expect((crm.after?.backlog ?? 0) - (crm.before?.backlog ?? 0)).toBe(3);
    expect((crm.after?.in_flight ?? 0) - (crm.before?.in_flight ?? 0)).toBe(1);
    expect((crm.after?.dead_letters_open ?? 0) - (crm.before?.dead_letters_open ?? 0)).toBe(2);
    expect(crm.after?.oldest_age_seconds).toBeGreaterThanOrEqual(3600);
    const events = { before: queueOf(before, 'events'), after: queueOf(after, 'events') };
    expect((events.after?.backlog ?? 0) - (events.before?.backlog ?? 0)).toBe(1);
    expect(events.after?.oldest_age_seconds).toBeGreaterThanOrEqual(120);
    expect(after.queues.map((queue) => queue.queue)).toEqual(['events', 'chatwoot', 'crm', 'notify']);
  });

  it('lists every configured destination target, delivered to or not', async () => {
    const report = await health('ops-a');
    expect(report.destinations).toEqual(
      expect.arrayContaining([expect.objectContaining({ destination: 'webhook', target: 0, label: 'hooks.ops-a.test', configured: true })]),
    );
  });
});
